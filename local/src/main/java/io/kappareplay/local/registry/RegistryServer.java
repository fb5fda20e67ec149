package io.kappareplay.local.registry;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kappareplay.local.registry.RecordLog.RecordLogException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running registry: the Kafka log caught up, then the HTTP(S) server. {@link #close()} may be
 * called from a shutdown hook at any time, also while {@link #start()} is still catching up.
 */
final class RegistryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegistryServer.class);

    /** How long topic creation and the wait for listOffsets may take at startup. */
    static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

    private static final int HTTP_THREADS = 16;

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, each
        // keep-alive response then waits for the client's delayed ACK: 44 ms p50 per request,
        // measured with bench/registry-latency.sh. Read once, when the first server is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final RegistryServerConfig config;
    private final BasicAuthentication authentication;
    private final SSLContext sslContext;
    private final Object lifecycle = new Object();

    private volatile boolean closing;
    private volatile Thread startingThread;
    private volatile KafkaRecordLog recordLog;
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param authentication null when requests need no credentials
     * @param sslContext null to serve plain HTTP
     */
    RegistryServer(
            RegistryServerConfig config,
            BasicAuthentication authentication,
            SSLContext sslContext) {
        this.config = config;
        this.authentication = authentication;
        this.sslContext = sslContext;
    }

    /** Catches up with the topic, then listens; returns once requests are served. */
    void start() throws RecordLogException, IOException, InterruptedException {
        startingThread = Thread.currentThread();
        try {
            synchronized (lifecycle) {
                checkNotClosing();
                recordLog =
                        new KafkaRecordLog(
                                config.topic(),
                                config.kafkaClientProperties(),
                                config.skipUnreadableRecords());
                recordLog.ensureTopic(TOPIC_TIMEOUT);
                RegistryService registry = new RegistryService(recordLog);
                registry.load();
                checkNotClosing();

                InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
                if (sslContext == null) {
                    server = HttpServer.create(address, 0);
                } else {
                    HttpsServer https = HttpsServer.create(address, 0);
                    https.setHttpsConfigurator(new HttpsConfigurator(sslContext));
                    server = https;
                }
                executor = Executors.newFixedThreadPool(HTTP_THREADS, threads("registry-http"));
                server.setExecutor(executor);
                server.createContext("/", new RegistryHttpApi(registry, authentication));
                server.start();
                log.info("Schema registry serving {} from topic {}", url(), config.topic());
            }
        } finally {
            startingThread = null;
        }
    }

    private void checkNotClosing() throws InterruptedException {
        if (closing) {
            throw new InterruptedException("the registry is shutting down");
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return (sslContext == null ? "http" : "https") + "://" + host + ":" + port();
    }

    /** Stops serving (requests under way get a second to finish), then closes the Kafka clients. */
    @Override
    public void close() {
        closing = true;
        Thread starting = startingThread;
        KafkaRecordLog startingLog = recordLog;
        if (starting != null) {
            // Ends a startup that waits on Kafka, so shutdown does not wait for its timeouts.
            starting.interrupt();
            if (startingLog != null) {
                startingLog.interruptReplay();
            }
        }
        synchronized (lifecycle) {
            if (server != null) {
                server.stop(1);
                executor.shutdown();
                try {
                    if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                        log.warn("Requests still running after 10 s; closing Kafka clients anyway");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                server = null;
            }
            if (recordLog != null) {
                recordLog.close();
                recordLog = null;
            }
        }
        log.info("Schema registry stopped");
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
