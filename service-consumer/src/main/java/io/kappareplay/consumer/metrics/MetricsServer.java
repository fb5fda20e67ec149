package io.kappareplay.consumer.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@code GET /metrics} (Prometheus text format), {@code /healthz} (liveness) and {@code
 * /readyz} (readiness) on the JDK's HTTP server: 200 or 503 with one line saying why.
 *
 * <pre>{@code
 * try (MetricsServer server = MetricsServer.start("0.0.0.0", 9400, prometheus, health)) {
 *     ... run ...
 * }
 * }</pre>
 */
public final class MetricsServer implements AutoCloseable {
    private static final String TEXT = "text/plain; charset=utf-8";

    static {
        // Without it each keep-alive response waits for the client's delayed ACK (~40 ms); see
        // docs/decisions/0005.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code host:port} (0 for a free port) and serves until {@link #close()}. */
    public static MetricsServer start(
            String host, int port, PrometheusMeterRegistry prometheus, HealthState health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot serve metrics on "
                            + host
                            + ":"
                            + port
                            + ": "
                            + e.getMessage()
                            + "; set kappa.consumer.metrics-port to a free port (0: any, -1: off)",
                    e);
        }
        ExecutorService executor =
                Executors.newFixedThreadPool(
                        2,
                        runnable -> {
                            Thread thread = new Thread(runnable, "kappa-metrics-http");
                            thread.setDaemon(true);
                            return thread;
                        });
        server.setExecutor(executor);
        server.createContext(
                "/metrics", exchange -> answer(exchange, 200, prometheus.scrape(), prometheus));
        server.createContext(
                "/healthz", exchange -> probe(exchange, health.live(), health.describe()));
        server.createContext(
                "/readyz", exchange -> probe(exchange, health.ready(), health.describe()));
        server.createContext(
                "/",
                exchange ->
                        answer(
                                exchange,
                                404,
                                "no such endpoint: use /metrics, /healthz or /readyz\n",
                                null));
        server.start();
        return new MetricsServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void probe(HttpExchange exchange, boolean ok, String description)
            throws IOException {
        answer(exchange, ok ? 200 : 503, (ok ? "ok: " : "not ok: ") + description + "\n", null);
    }

    private static void answer(
            HttpExchange exchange, int status, String body, PrometheusMeterRegistry prometheus)
            throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                    .set(
                            "Content-Type",
                            prometheus != null ? "text/plain; version=0.0.4; charset=utf-8" : TEXT);
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
