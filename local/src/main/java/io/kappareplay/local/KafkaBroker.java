package io.kappareplay.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) in a child JVM on loopback.
 * Its storage is formatted with Kafka's own {@code StorageTool} in a first child process, then the
 * broker runs until {@link #close()}. A data directory that is already formatted is reused, so a
 * stack restarted on the same directory keeps its topics.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final String BROKER_MAIN = "io.kappareplay.local.broker.BrokerMain";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> JVM_OPTIONS =
            List.of(
                    "-Xms256m",
                    "-Xmx512m",
                    "-Djava.net.preferIPv4Stack=true",
                    "-Djava.awt.headless=true",
                    "-Dlog4j2.configurationFile=kappa-local-log4j2.properties");

    private final Path directory;
    private final String bootstrapServers;
    private final Optional<LocalSecurity> security;
    private final ChildJvm process;

    private KafkaBroker(
            Path directory,
            String bootstrapServers,
            Optional<LocalSecurity> security,
            ChildJvm process) {
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
        this.security = security;
        this.process = process;
    }

    /**
     * Formats (if needed) and starts a broker under {@code directory}, listening on {@code port} (0
     * for a free one), with a SASL_SSL listener when {@code security} is present; returns once the
     * broker answers a client.
     */
    public static KafkaBroker start(Path directory, int port, Optional<LocalSecurity> security) {
        int clientPort = FreePort.orFree(port);
        int controllerPort = FreePort.pick();
        String bootstrapServers = "127.0.0.1:" + clientPort;
        Path serverConfig = directory.resolve("server.properties");
        Path clientConfig = directory.resolve("client.properties");
        PropertiesFile.write(
                serverConfig, serverProperties(directory, clientPort, controllerPort, security));
        Map<String, String> client = new LinkedHashMap<>();
        client.put("bootstrap.servers", bootstrapServers);
        security.ifPresent(
                s ->
                        client.putAll(
                                s.kafkaClientProperties(
                                        LocalSecurity.BROKER_USER, s.brokerPassword())));
        PropertiesFile.write(clientConfig, client);

        List<String> format = new ArrayList<>(List.of("format", "--ignore-formatted"));
        format.addAll(
                List.of("--cluster-id", clusterId(directory), "--config", serverConfig.toString()));
        security.ifPresent(
                s -> {
                    format.addAll(
                            List.of(
                                    "--add-scram",
                                    scram(LocalSecurity.BROKER_USER, s.brokerPassword())));
                    format.addAll(
                            List.of("--add-scram", scram(s.clientUser(), s.clientPassword())));
                });
        ChildJvm.run("kafka-format", STORAGE_TOOL, JVM_OPTIONS, format, directory, FORMAT_TIMEOUT);

        ChildJvm process =
                ChildJvm.startAndAwaitReady(
                        "kafka-broker",
                        BROKER_MAIN,
                        JVM_OPTIONS,
                        List.of(
                                "--config", serverConfig.toString(),
                                "--client-config", clientConfig.toString(),
                                "--ready-file", directory.resolve("kafka-broker.ready").toString()),
                        directory,
                        directory.resolve("kafka-broker.ready"),
                        READY_TIMEOUT);
        return new KafkaBroker(directory, bootstrapServers, security, process);
    }

    /** Whether {@code directory} holds a broker's formatted storage (a previous start). */
    static boolean isFormatted(Path directory) {
        return Files.exists(logDirectory(directory).resolve("meta.properties"));
    }

    private static Path logDirectory(Path directory) {
        return directory.resolve("kraft-logs");
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Everything a Kafka client needs to connect: bootstrap servers and, if secure, credentials.
     */
    public Map<String, String> clientProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("bootstrap.servers", bootstrapServers);
        security.ifPresent(
                s ->
                        properties.putAll(
                                s.kafkaClientProperties(s.clientUser(), s.clientPassword())));
        return properties;
    }

    public Optional<LocalSecurity> security() {
        return security;
    }

    public Path directory() {
        return directory;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }

    private static Map<String, String> serverProperties(
            Path directory, int clientPort, int controllerPort, Optional<LocalSecurity> security) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put(
                "listeners",
                "CLIENT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "CLIENT://127.0.0.1:" + clientPort);
        p.put(
                "listener.security.protocol.map",
                "CLIENT:"
                        + (security.isPresent() ? "SASL_SSL" : "PLAINTEXT")
                        + ",CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "CLIENT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", logDirectory(directory).toString());
        // Every stage creates its topics explicitly (with ListOffsets readiness); a typo in a topic
        // name must fail, not create a topic.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions than the defaults (50) start faster on two cores.
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.num.partitions", "10");
        p.put("group.initial.rebalance.delay.ms", "0");
        security.ifPresent(
                s -> {
                    p.put("sasl.enabled.mechanisms", LocalSecurity.SCRAM_MECHANISM);
                    p.put("sasl.mechanism.inter.broker.protocol", LocalSecurity.SCRAM_MECHANISM);
                    p.put(
                            "listener.name.client.scram-sha-512.sasl.jaas.config",
                            LocalSecurity.scramJaasConfig(
                                    LocalSecurity.BROKER_USER, s.brokerPassword()));
                    p.put("ssl.keystore.location", s.keystore().toString());
                    p.put("ssl.keystore.password", s.keystorePassword());
                    p.put("ssl.key.password", s.keystorePassword());
                    p.put("ssl.keystore.type", s.storeType());
                    p.put("ssl.truststore.location", s.truststore().toString());
                    p.put("ssl.truststore.password", s.truststorePassword());
                    p.put("ssl.truststore.type", s.storeType());
                });
        return p;
    }

    private static String scram(String user, String password) {
        return LocalSecurity.SCRAM_MECHANISM + "=[name=" + user + ",password=" + password + "]";
    }

    /**
     * 16 random bytes, URL-safe base64 as Kafka writes ids; never starting with '-', which the
     * storage tool's argument parser would take for an option (as Kafka's own random ids avoid).
     */
    private static String randomClusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    /** A formatted directory keeps its cluster id; a new one gets a random one in Kafka's form. */
    private static String clusterId(Path directory) {
        Path file = directory.resolve("cluster.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            String id = randomClusterId();
            Files.createDirectories(directory);
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the cluster id in " + file, e);
        }
    }
}
