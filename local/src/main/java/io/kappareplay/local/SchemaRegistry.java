package io.kappareplay.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Confluent-API-compatible schema registry of {@code io.kappareplay.local.registry}, in a child
 * JVM, keeping its state in a compacted topic of the given broker. On a secure broker it serves
 * HTTPS with the broker's certificate and requires HTTP basic auth.
 */
public final class SchemaRegistry implements AutoCloseable {
    public static final String DEFAULT_TOPIC = "_schemas";
    private static final String REGISTRY_MAIN = "io.kappareplay.local.registry.RegistryServerMain";
    private static final String USER = LocalSecurity.CLIENT_USER;
    // Longer than the registry's own bounds (60 s to create its topic, 120 s to read it), so a slow
    // start fails with the registry's message, not with ours.
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final List<String> JVM_OPTIONS =
            List.of(
                    "-Xms64m",
                    "-Xmx256m",
                    "-Djava.net.preferIPv4Stack=true",
                    "-Djava.awt.headless=true",
                    "-Dlog4j2.configurationFile=kappa-local-log4j2.properties");

    private final Path directory;
    private final KafkaBroker broker;
    private final String topic;
    private final Optional<String> password;
    private final int port;
    private final String url;
    private ChildJvm process;

    private SchemaRegistry(
            Path directory,
            KafkaBroker broker,
            String topic,
            Optional<String> password,
            int port,
            String url,
            ChildJvm process) {
        this.directory = directory;
        this.broker = broker;
        this.topic = topic;
        this.password = password;
        this.port = port;
        this.url = url;
        this.process = process;
    }

    /**
     * Starts a registry on {@code port} (0 for a free one) storing its state in {@code topic} of
     * {@code broker}; returns once it has read that topic to its end and serves requests.
     */
    public static SchemaRegistry start(Path directory, int port, KafkaBroker broker, String topic) {
        Optional<String> password = broker.security().map(LocalSecurity::registryPassword);
        password.ifPresent(
                secret ->
                        PropertiesFile.write(
                                directory.resolve("registry-users.properties"),
                                Map.of(USER, secret)));
        ChildJvm process = launch(directory, port, broker, topic);
        Map<String, String> facts = PropertiesFile.read(readyFile(directory));
        return new SchemaRegistry(
                directory,
                broker,
                topic,
                password,
                Integer.parseInt(facts.get("port")),
                facts.get("url"),
                process);
    }

    private static ChildJvm launch(Path directory, int port, KafkaBroker broker, String topic) {
        Path kafkaConfig = directory.resolve("registry-kafka.properties");
        PropertiesFile.write(kafkaConfig, broker.clientProperties());
        List<String> arguments =
                new ArrayList<>(
                        List.of(
                                "--host", "127.0.0.1",
                                "--port", Integer.toString(port),
                                "--bootstrap-servers", broker.bootstrapServers(),
                                "--kafka-config", kafkaConfig.toString(),
                                "--topic", topic,
                                "--ready-file", readyFile(directory).toString()));
        broker.security()
                .ifPresent(
                        s ->
                                arguments.addAll(
                                        List.of(
                                                "--basic-auth-file",
                                                directory
                                                        .resolve("registry-users.properties")
                                                        .toString(),
                                                "--tls-keystore",
                                                s.keystore().toString(),
                                                "--tls-keystore-password-file",
                                                s.keystorePasswordFile().toString())));
        return ChildJvm.startAndAwaitReady(
                "schema-registry",
                REGISTRY_MAIN,
                JVM_OPTIONS,
                arguments,
                directory,
                readyFile(directory),
                READY_TIMEOUT);
    }

    private static Path readyFile(Path directory) {
        return directory.resolve("schema-registry.ready");
    }

    public String url() {
        return url;
    }

    public int port() {
        return port;
    }

    public String topic() {
        return topic;
    }

    /**
     * What a registry client (or the Avro serde) needs: {@code schema.registry.url} and, on a
     * secure stack, basic-auth credentials and the truststore, under Confluent's key names.
     */
    public Map<String, String> clientProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("schema.registry.url", url);
        password.ifPresent(
                secret -> {
                    properties.put("basic.auth.credentials.source", "USER_INFO");
                    properties.put("basic.auth.user.info", USER + ":" + secret);
                });
        broker.security()
                .ifPresent(
                        s -> {
                            properties.put(
                                    "schema.registry.ssl.truststore.location",
                                    s.truststore().toString());
                            properties.put(
                                    "schema.registry.ssl.truststore.password",
                                    s.truststorePassword());
                            properties.put("schema.registry.ssl.truststore.type", s.storeType());
                        });
        return properties;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash would: nothing is flushed or closed. */
    public void kill() {
        process.kill();
    }

    /** Starts a fresh process on the same port and topic; it rebuilds its state from the topic. */
    public void restart() {
        process.close();
        process = launch(directory, port, broker, topic);
    }

    @Override
    public void close() {
        process.close();
    }
}
