package io.kappareplay.local.registry;

import io.kappareplay.local.child.ParentWatchdog;
import io.kappareplay.local.child.ReadyFile;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the schema registry as a child JVM of the launcher.
 *
 * <p>{@code RegistryServerMain --bootstrap-servers 127.0.0.1:9092 --ready-file registry.ready}
 * serves on 127.0.0.1 at a free port, keeping its state in the topic {@code _schemas}; once it has
 * read that topic to its end and listens, it writes the ready file with {@code port} and {@code
 * url}. A bad command line prints one line to stderr and exits with 2; a failed start prints one
 * line (the error and its root cause) and exits with 1. SIGTERM stops the HTTP server and closes
 * the Kafka clients.
 */
public final class RegistryServerMain {
    private static final Logger log = LoggerFactory.getLogger(RegistryServerMain.class);

    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILED = 1;

    private RegistryServerMain() {}

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(RegistryServerConfig.usage());
            return;
        }
        RegistryServerConfig config;
        BasicAuthentication authentication;
        SSLContext sslContext;
        try {
            config = RegistryServerConfig.parse(args);
            config.kafkaClientProperties(); // Reads the --kafka-config file now, to fail early.
            authentication =
                    config.basicAuthFile()
                            .map(
                                    file ->
                                            BasicAuthentication.load(
                                                    RegistryServerConfig.BASIC_AUTH_FILE, file))
                            .orElse(null);
            sslContext =
                    config.tlsKeystore()
                            .map(
                                    keystore ->
                                            TlsKeystore.sslContext(
                                                    RegistryServerConfig.TLS_KEYSTORE,
                                                    keystore,
                                                    config.tlsKeystorePassword().orElseThrow()))
                            .orElse(null);
        } catch (UsageException e) {
            System.err.println("registry: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }

        // After the arguments are checked: a usage error exits 2 even when standard input is
        // closed (nohup, systemd), which the watchdog reads as "parent gone".
        ParentWatchdog.start("registry");
        RegistryServer server = new RegistryServer(config, authentication, sslContext);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    server.close();
                                    // Log4j's own shutdown hook may have stopped logging already.
                                    System.err.println("registry: stopped");
                                },
                                "registry-shutdown"));
        try {
            server.start();
            ReadyFile.write(
                    config.readyFile(),
                    Map.of("port", Integer.toString(server.port()), "url", server.url()));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.error("Schema registry failed to start", e);
            System.err.println(failureLine(e));
            System.exit(EXIT_FAILED);
            return;
        }
        log.info("Wrote the ready file {}", config.readyFile());
    }

    /**
     * The one stderr line of a failed start: the message, then the root cause's class and message
     * as far as the message does not tell them already.
     */
    static String failureLine(Throwable failure) {
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        Throwable root = rootCause(failure);
        if (root != failure) {
            String rootMessage = root.getMessage();
            String cause =
                    root.getClass().getName()
                            + (rootMessage == null || message.contains(rootMessage)
                                    ? ""
                                    : ": " + rootMessage);
            if (!message.contains(cause)) {
                message += " (cause: " + cause + ")";
            }
        }
        // Jackson's and Kafka's messages can span lines; the launcher shows one.
        return "registry: cannot start: " + message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0;
                depth < 20 && root.getCause() != null && root.getCause() != root;
                depth++) {
            root = root.getCause();
        }
        return root;
    }
}
