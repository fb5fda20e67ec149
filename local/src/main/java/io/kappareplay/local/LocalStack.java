package io.kappareplay.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded default infrastructure as one program ({@code java -jar
 * local/target/kappa-local.jar}): a Kafka broker and the schema registry on loopback, their
 * endpoints printed and written to {@code <data-dir>/local-stack.properties} (with their PIDs),
 * both stopped on SIGTERM or Ctrl-C.
 */
public final class LocalStack implements AutoCloseable {
    public static final String STATE_FILE = "local-stack.properties";

    private final Path dataDirectory;
    private final KafkaBroker broker;
    private final SchemaRegistry registry;
    private final Duration brokerStartup;
    private final Duration registryStartup;

    private LocalStack(
            Path dataDirectory,
            KafkaBroker broker,
            SchemaRegistry registry,
            Duration brokerStartup,
            Duration registryStartup) {
        this.dataDirectory = dataDirectory;
        this.broker = broker;
        this.registry = registry;
        this.brokerStartup = brokerStartup;
        this.registryStartup = registryStartup;
    }

    public static LocalStack start(
            Path dataDirectory, int kafkaPort, int registryPort, boolean secure) {
        Path kafkaDirectory = dataDirectory.resolve("kafka");
        Optional<LocalSecurity> security =
                secure ? Optional.of(security(dataDirectory, kafkaDirectory)) : Optional.empty();
        long started = System.nanoTime();
        KafkaBroker broker = KafkaBroker.start(kafkaDirectory, kafkaPort, security);
        Duration brokerStartup = Duration.ofNanos(System.nanoTime() - started);
        SchemaRegistry registry = null;
        try {
            long registryStarted = System.nanoTime();
            registry =
                    SchemaRegistry.start(
                            dataDirectory.resolve("registry"),
                            registryPort,
                            broker,
                            SchemaRegistry.DEFAULT_TOPIC);
            Duration registryStartup = Duration.ofNanos(System.nanoTime() - registryStarted);
            LocalStack stack =
                    new LocalStack(dataDirectory, broker, registry, brokerStartup, registryStartup);
            PropertiesFile.write(dataDirectory.resolve(STATE_FILE), stack.state());
            return stack;
        } catch (RuntimeException e) {
            if (registry != null) {
                registry.close();
            }
            broker.close();
            throw e;
        }
    }

    /**
     * The secure stack's credentials, kept under the data directory. A broker formatted without
     * them has no SCRAM users, so no client could log in: refused with the fix.
     */
    private static LocalSecurity security(Path dataDirectory, Path kafkaDirectory) {
        Path tls = dataDirectory.resolve("tls");
        if (!LocalSecurity.existsIn(tls) && KafkaBroker.isFormatted(kafkaDirectory)) {
            throw new LocalStackException(
                    "The data directory "
                            + dataDirectory
                            + " holds a broker started without --secure (or its credentials in "
                            + tls
                            + " were deleted), so it has no SCRAM users. Start it without --secure,"
                            + " or use a new --data-dir.");
        }
        return LocalSecurity.loadOrGenerate(tls);
    }

    /** Endpoints, client properties (prefixed {@code kafka.} and {@code registry.}) and PIDs. */
    public Map<String, String> state() {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("bootstrap.servers", broker.bootstrapServers());
        state.put("schema.registry.url", registry.url());
        state.put("kafka.pid", Long.toString(broker.pid()));
        state.put("registry.pid", Long.toString(registry.pid()));
        state.put("launcher.pid", Long.toString(ProcessHandle.current().pid()));
        broker.clientProperties().forEach((key, value) -> state.put("kafka." + key, value));
        registry.clientProperties().forEach((key, value) -> state.put("registry." + key, value));
        return state;
    }

    public KafkaBroker broker() {
        return broker;
    }

    public SchemaRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
            dataDirectory.resolve(STATE_FILE).toFile().delete();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        LocalStackOptions options;
        try {
            options = LocalStackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("kappa-local: " + e.getMessage());
            System.err.println(LocalStackOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(LocalStackOptions.USAGE);
            return;
        }
        LocalStack stack;
        try {
            stack =
                    start(
                            options.dataDirectory().toAbsolutePath(),
                            options.kafkaPort(),
                            options.registryPort(),
                            options.secure());
        } catch (LocalStackException | IllegalStateException | java.io.UncheckedIOException e) {
            System.err.println("kappa-local: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    System.out.println("kappa-local: stopping");
                                    stack.close();
                                    System.out.println("kappa-local: stopped");
                                    stopped.countDown();
                                },
                                "kappa-local-stop"));
        System.out.println(
                "kappa-local: started; broker ready in "
                        + stack.brokerStartup.toMillis()
                        + " ms (storage format included), registry in "
                        + stack.registryStartup.toMillis()
                        + " ms");
        System.out.println(
                "kafka:    "
                        + stack.broker().bootstrapServers()
                        + " (pid "
                        + stack.broker().pid()
                        + ")");
        System.out.println(
                "registry: " + stack.registry().url() + " (pid " + stack.registry().pid() + ")");
        System.out.println(
                "state:    " + options.dataDirectory().toAbsolutePath().resolve(STATE_FILE));
        System.out.println("Press Ctrl-C (or send SIGTERM) to stop.");
        stopped.await();
    }
}
