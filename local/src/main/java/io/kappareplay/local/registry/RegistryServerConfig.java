package io.kappareplay.local.registry;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The registry server's command line, {@code --flag value} pairs, validated when parsed: a bad
 * value is a {@link UsageException} naming the flag, the value and what to pass instead.
 *
 * <p>{@code --bootstrap-servers 127.0.0.1:9092 --ready-file /tmp/registry.ready} is the least a
 * launch needs.
 */
record RegistryServerConfig(
        String host,
        int port,
        String bootstrapServers,
        Optional<Path> kafkaConfig,
        String topic,
        Optional<Path> basicAuthFile,
        Optional<Path> tlsKeystore,
        Optional<String> tlsKeystorePassword,
        Path readyFile) {

    /** The address to listen on. */
    static final String HOST = "--host";

    static final String DEFAULT_HOST = "127.0.0.1";

    /** The port to listen on; 0 takes any free port (the ready file tells which). */
    static final String PORT = "--port";

    static final int DEFAULT_PORT = 0;

    /** The Kafka broker(s) holding the schemas topic. Required. */
    static final String BOOTSTRAP_SERVERS = "--bootstrap-servers";

    /** A properties file of Kafka client settings (security, SASL, TLS) for every client. */
    static final String KAFKA_CONFIG = "--kafka-config";

    /** The compacted topic the registry keeps its state in. */
    static final String TOPIC = "--topic";

    static final String DEFAULT_TOPIC = "_schemas";

    /** A properties file of {@code user=password}; when given, every request needs Basic auth. */
    static final String BASIC_AUTH_FILE = "--basic-auth-file";

    /** A PKCS12 keystore; when given, the registry serves HTTPS. */
    static final String TLS_KEYSTORE = "--tls-keystore";

    /** The password of {@code --tls-keystore} and of its key. */
    static final String TLS_KEYSTORE_PASSWORD = "--tls-keystore-password";

    /** Where to write the ready file ({@code port}, {@code url}) once serving. Required. */
    static final String READY_FILE = "--ready-file";

    static final Map<String, String> FLAGS = flags();

    // Kafka's legal topic names (Topic.validate): at most 249 of these characters.
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern HOST_AND_PORT = Pattern.compile("[^\\s,]+:\\d{1,5}");

    private static Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(HOST, "ADDRESS (default " + DEFAULT_HOST + ")");
        flags.put(PORT, "PORT (default " + DEFAULT_PORT + ": any free port)");
        flags.put(BOOTSTRAP_SERVERS, "HOST:PORT[,HOST:PORT] (required)");
        flags.put(KAFKA_CONFIG, "FILE: Kafka client properties (security, SASL, TLS)");
        flags.put(TOPIC, "NAME (default " + DEFAULT_TOPIC + ")");
        flags.put(BASIC_AUTH_FILE, "FILE of user=password lines: require HTTP Basic auth");
        flags.put(TLS_KEYSTORE, "FILE: PKCS12 keystore, serve HTTPS");
        flags.put(TLS_KEYSTORE_PASSWORD, "PASSWORD of " + TLS_KEYSTORE);
        flags.put(READY_FILE, "FILE written with port= and url= once serving (required)");
        return Collections.unmodifiableMap(flags);
    }

    static String usage() {
        StringBuilder usage = new StringBuilder("Usage: RegistryServerMain");
        for (String flag : FLAGS.keySet()) {
            usage.append("\n  ").append(flag).append(' ').append(FLAGS.get(flag));
        }
        return usage.toString();
    }

    static RegistryServerConfig parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String flag = args[i];
            if (!FLAGS.containsKey(flag)) {
                throw new UsageException(
                        "unknown argument '"
                                + flag
                                + "': the flags are "
                                + String.join(", ", FLAGS.keySet())
                                + ", each followed by its value");
            }
            if (i + 1 >= args.length) {
                throw new UsageException(
                        flag + " needs a value: pass " + flag + " " + FLAGS.get(flag));
            }
            if (given.put(flag, args[i + 1]) != null) {
                throw new UsageException(flag + " is given twice: give it once");
            }
        }

        String host = given.getOrDefault(HOST, DEFAULT_HOST);
        if (host.isBlank()) {
            throw new UsageException(HOST + " is empty: pass an address such as 127.0.0.1");
        }
        int port = port(given.get(PORT));
        String bootstrapServers = given.get(BOOTSTRAP_SERVERS);
        if (bootstrapServers == null) {
            throw new UsageException(
                    BOOTSTRAP_SERVERS + " is required: pass " + BOOTSTRAP_SERVERS + " HOST:PORT");
        }
        for (String server : bootstrapServers.split(",", -1)) {
            if (!HOST_AND_PORT.matcher(server.trim()).matches()) {
                throw new UsageException(
                        BOOTSTRAP_SERVERS
                                + " '"
                                + bootstrapServers
                                + "' is not a list of HOST:PORT: pass e.g. 127.0.0.1:9092");
            }
        }
        String topic = given.getOrDefault(TOPIC, DEFAULT_TOPIC);
        if (!TOPIC_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new UsageException(
                    TOPIC
                            + " '"
                            + topic
                            + "' is not a legal Kafka topic name: use up to 249 of"
                            + " a-z A-Z 0-9 . _ -");
        }
        Optional<Path> kafkaConfig = readableFile(KAFKA_CONFIG, given.get(KAFKA_CONFIG));
        Optional<Path> basicAuthFile = readableFile(BASIC_AUTH_FILE, given.get(BASIC_AUTH_FILE));
        Optional<Path> tlsKeystore = readableFile(TLS_KEYSTORE, given.get(TLS_KEYSTORE));
        Optional<String> tlsKeystorePassword =
                Optional.ofNullable(given.get(TLS_KEYSTORE_PASSWORD));
        if (tlsKeystore.isPresent() && tlsKeystorePassword.isEmpty()) {
            throw new UsageException(
                    TLS_KEYSTORE
                            + " needs "
                            + TLS_KEYSTORE_PASSWORD
                            + ": pass the keystore's password");
        }
        if (tlsKeystore.isEmpty() && tlsKeystorePassword.isPresent()) {
            throw new UsageException(
                    TLS_KEYSTORE_PASSWORD
                            + " is given without "
                            + TLS_KEYSTORE
                            + ": pass the PKCS12 keystore too, or drop the password");
        }
        String readyFile = given.get(READY_FILE);
        if (readyFile == null || readyFile.isBlank()) {
            throw new UsageException(READY_FILE + " is required: pass " + READY_FILE + " FILE");
        }
        return new RegistryServerConfig(
                host,
                port,
                bootstrapServers,
                kafkaConfig,
                topic,
                basicAuthFile,
                tlsKeystore,
                tlsKeystorePassword,
                Path.of(readyFile));
    }

    private static int port(String value) {
        if (value == null) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new UsageException(
                PORT + " '" + value + "' is not a port: pass 0 to 65535 (0 = any free port)");
    }

    private static Optional<Path> readableFile(String flag, String value) {
        if (value == null) {
            return Optional.empty();
        }
        Path path = Path.of(value);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new UsageException(
                    flag + " " + value + ": no such readable file; pass an existing file");
        }
        return Optional.of(path);
    }

    /** The settings every Kafka client gets: the {@code --kafka-config} file and the servers. */
    Properties kafkaClientProperties() {
        Properties properties = new Properties();
        if (kafkaConfig.isPresent()) {
            Properties file = new Properties();
            try (Reader reader =
                    Files.newBufferedReader(kafkaConfig.get(), StandardCharsets.UTF_8)) {
                file.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageException(
                        KAFKA_CONFIG
                                + " "
                                + kafkaConfig.get()
                                + ": cannot read it as Java properties ("
                                + e.getMessage()
                                + "); pass a properties file of Kafka client settings",
                        e);
            }
            properties.putAll(file);
        }
        // The flag wins over a bootstrap.servers line in the file.
        properties.put("bootstrap.servers", bootstrapServers);
        return properties;
    }
}
