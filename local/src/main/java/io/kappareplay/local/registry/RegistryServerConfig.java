package io.kappareplay.local.registry;

import java.io.BufferedReader;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The registry server's command line, {@code --flag value} pairs, validated when parsed: a bad
 * value is a {@link UsageException} naming the flag, the value and what to pass instead.
 *
 * <p>{@code --bootstrap-servers 127.0.0.1:9092 --ready-file /tmp/registry.ready} is the least a
 * launch needs.
 *
 * <p>{@link #toString()} leaves the keystore password out, so a config can be logged.
 */
record RegistryServerConfig(
        String host,
        int port,
        String bootstrapServers,
        Optional<Path> kafkaConfig,
        String topic,
        boolean skipUnreadableRecords,
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

    /**
     * Takes no value: at startup, skip a record of the topic that cannot be read instead of
     * refusing to start. The ids the skipped record mentions ({@code "id"}, {@code "maxId"}) still
     * count as taken.
     */
    static final String SKIP_UNREADABLE_RECORDS = "--skip-unreadable-records";

    /** A properties file of {@code user=password}; when given, every request needs Basic auth. */
    static final String BASIC_AUTH_FILE = "--basic-auth-file";

    /** A PKCS12 keystore; when given, the registry serves HTTPS. */
    static final String TLS_KEYSTORE = "--tls-keystore";

    /**
     * The password of {@code --tls-keystore} and of its key. Visible to anyone who can list the
     * processes: prefer {@link #TLS_KEYSTORE_PASSWORD_FILE}.
     */
    static final String TLS_KEYSTORE_PASSWORD = "--tls-keystore-password";

    /**
     * A file whose first line (trimmed) is the password of {@code --tls-keystore} and of its key;
     * instead of {@link #TLS_KEYSTORE_PASSWORD}, so the password is not on the command line.
     */
    static final String TLS_KEYSTORE_PASSWORD_FILE = "--tls-keystore-password-file";

    /** Where to write the ready file ({@code port}, {@code url}) once serving. Required. */
    static final String READY_FILE = "--ready-file";

    static final Map<String, String> FLAGS = flags();

    /** The flags that take no value. */
    static final Set<String> SWITCHES = Set.of(SKIP_UNREADABLE_RECORDS);

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
        flags.put(
                SKIP_UNREADABLE_RECORDS,
                "(no value): skip records of the topic that cannot be read instead of refusing"
                        + " to start; the ids they mention still count as taken");
        flags.put(BASIC_AUTH_FILE, "FILE of user=password lines: require HTTP Basic auth");
        flags.put(TLS_KEYSTORE, "FILE: PKCS12 keystore, serve HTTPS");
        flags.put(
                TLS_KEYSTORE_PASSWORD,
                "PASSWORD of " + TLS_KEYSTORE + " (shows in ps: prefer the next flag)");
        flags.put(
                TLS_KEYSTORE_PASSWORD_FILE,
                "FILE whose first line is the password of " + TLS_KEYSTORE);
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
        for (int i = 0; i < args.length; ) {
            String flag = args[i];
            if (!FLAGS.containsKey(flag)) {
                throw new UsageException(
                        "unknown argument '"
                                + flag
                                + "': the flags are "
                                + String.join(", ", FLAGS.keySet())
                                + ", each followed by its value except "
                                + String.join(", ", new TreeSet<>(SWITCHES)));
            }
            String value;
            if (SWITCHES.contains(flag)) {
                value = "true";
                i += 1;
            } else if (i + 1 < args.length) {
                value = args[i + 1];
                i += 2;
            } else {
                throw new UsageException(
                        flag + " needs a value: pass " + flag + " " + FLAGS.get(flag));
            }
            if (given.put(flag, value) != null) {
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
        if (given.containsKey(TLS_KEYSTORE_PASSWORD)
                && given.containsKey(TLS_KEYSTORE_PASSWORD_FILE)) {
            throw new UsageException(
                    TLS_KEYSTORE_PASSWORD
                            + " and "
                            + TLS_KEYSTORE_PASSWORD_FILE
                            + " are both given: pass only one, preferably "
                            + TLS_KEYSTORE_PASSWORD_FILE);
        }
        String passwordFlag =
                given.containsKey(TLS_KEYSTORE_PASSWORD_FILE)
                        ? TLS_KEYSTORE_PASSWORD_FILE
                        : TLS_KEYSTORE_PASSWORD;
        if (tlsKeystore.isPresent() && !given.containsKey(passwordFlag)) {
            throw new UsageException(
                    TLS_KEYSTORE
                            + " needs "
                            + TLS_KEYSTORE_PASSWORD_FILE
                            + " FILE (or "
                            + TLS_KEYSTORE_PASSWORD
                            + "): pass the keystore's password");
        }
        if (tlsKeystore.isEmpty() && given.containsKey(passwordFlag)) {
            throw new UsageException(
                    passwordFlag
                            + " is given without "
                            + TLS_KEYSTORE
                            + ": pass the PKCS12 keystore too, or drop the password");
        }
        Optional<String> tlsKeystorePassword =
                passwordFlag.equals(TLS_KEYSTORE_PASSWORD_FILE)
                        ? Optional.of(passwordFromFile(given.get(TLS_KEYSTORE_PASSWORD_FILE)))
                        : Optional.ofNullable(given.get(TLS_KEYSTORE_PASSWORD));
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
                given.containsKey(SKIP_UNREADABLE_RECORDS),
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

    /** The first line of the file, trimmed. */
    private static String passwordFromFile(String value) {
        Path file = readableFile(TLS_KEYSTORE_PASSWORD_FILE, value).orElseThrow();
        String line;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            line = reader.readLine();
        } catch (IOException e) {
            throw new UsageException(
                    TLS_KEYSTORE_PASSWORD_FILE
                            + " "
                            + file
                            + ": cannot read it ("
                            + e
                            + "); pass a UTF-8 file whose first line is the keystore's password",
                    e);
        }
        if (line == null || line.isBlank()) {
            throw new UsageException(
                    TLS_KEYSTORE_PASSWORD_FILE
                            + " "
                            + file
                            + ": the first line is empty; put the keystore's password on it");
        }
        return line.trim();
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

    /** The record's {@code toString} without the password, which must not end up in logs. */
    @Override
    public String toString() {
        return "RegistryServerConfig[host="
                + host
                + ", port="
                + port
                + ", bootstrapServers="
                + bootstrapServers
                + ", kafkaConfig="
                + kafkaConfig
                + ", topic="
                + topic
                + ", skipUnreadableRecords="
                + skipUnreadableRecords
                + ", basicAuthFile="
                + basicAuthFile
                + ", tlsKeystore="
                + tlsKeystore
                + ", tlsKeystorePassword="
                + tlsKeystorePassword.map(password -> "(redacted)").orElse("(none)")
                + ", readyFile="
                + readyFile
                + "]";
    }
}
