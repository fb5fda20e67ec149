package io.kappareplay.local.broker;

import io.kappareplay.local.child.ParentWatchdog;
import io.kappareplay.local.child.ReadyFile;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.utils.Time;

/**
 * Runs a KRaft broker+controller from a formatted log directory and reports it ready once a client
 * on its advertised listener gets an answer from it: the launcher waits for that, not for time.
 *
 * <p>Arguments: {@code --config server.properties --client-config client.properties --ready-file
 * path}. The client config holds what a client needs to connect (bootstrap and security).
 */
public final class BrokerMain {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private BrokerMain() {}

    public static void main(String[] args) {
        ParentWatchdog.start("kafka-broker");
        try {
            run(args);
        } catch (Throwable e) {
            // The controller's non-daemon threads would keep a half-started broker alive, and the
            // launcher waiting for it until its timeout: exit, so it sees the failure at once.
            System.err.println("kafka-broker: cannot start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Properties serverProperties = load(Path.of(options.get("--config")));
        Properties clientProperties = load(Path.of(options.get("--client-config")));
        Path readyFile = Path.of(options.get("--ready-file"));

        KafkaRaftServer server =
                new KafkaRaftServer(KafkaConfig.fromProps(serverProperties, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "kafka-broker-shutdown"));
        server.startup();
        awaitAnswer(clientProperties);
        ReadyFile.write(
                readyFile,
                Map.of("bootstrap.servers", clientProperties.getProperty("bootstrap.servers")));
        server.awaitShutdown();
    }

    /**
     * The broker is ready when it answers a client with itself as a live node. A refused login is
     * final (wrong credentials do not get better); anything else is retried until the deadline.
     */
    private static void awaitAnswer(Properties clientProperties)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String lastProblem = "no answer yet";
        try (Admin admin = Admin.create(clientProperties)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                    lastProblem = "describeCluster answered without live nodes";
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AuthenticationException) {
                        throw new IllegalStateException(
                                "the broker refused the launcher's own login: "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                    lastProblem = e.getCause().toString();
                } catch (TimeoutException e) {
                    lastProblem = "describeCluster did not answer within 5 s";
                }
                // Between attempts: the listener is up within a second of startup().
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        throw new TimeoutException(
                "the broker did not answer describeCluster within "
                        + READY_TIMEOUT
                        + ": "
                        + lastProblem);
    }

    private static Map<String, String> parse(String[] args) {
        if (args.length != 6) {
            throw new IllegalArgumentException(
                    "usage: BrokerMain --config FILE --client-config FILE --ready-file FILE");
        }
        return Map.of(args[0], args[1], args[2], args[3], args[4], args[5]);
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
