package io.kappareplay.schemas.registry;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A registry stand-in on 127.0.0.1 and a free port, answering every request with what the test's
 * function returns and recording the requests.
 */
final class StubRegistryServer implements AutoCloseable {
    /** A request as the stub received it; {@code path} includes the query. */
    record Request(String method, String path, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    record Response(int status, String body) {
        static Response ok(String json) {
            return new Response(200, json);
        }

        static Response error(int status, int errorCode, String message) {
            return new Response(
                    status, "{\"error_code\":" + errorCode + ",\"message\":\"" + message + "\"}");
        }
    }

    private final HttpServer server;
    // A thread per exchange, so that a handler that stalls (to make the client time out) does
    // not hold up the requests after it.
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final String scheme;

    private StubRegistryServer(
            HttpServer server, String scheme, Function<Request, Response> handler) {
        this.server = server;
        this.scheme = scheme;
        server.createContext("/", exchange -> answer(exchange, handler));
        server.setExecutor(executor);
        server.start();
    }

    static StubRegistryServer start(Function<Request, Response> handler) throws IOException {
        return new StubRegistryServer(HttpServer.create(loopback(), 0), "http", handler);
    }

    /** Serves https with {@code tls}; {@code needClientAuth} asks for a client certificate. */
    static StubRegistryServer startHttps(
            SSLContext tls, boolean needClientAuth, Function<Request, Response> handler)
            throws IOException {
        HttpsServer server = HttpsServer.create(loopback(), 0);
        server.setHttpsConfigurator(
                new HttpsConfigurator(tls) {
                    @Override
                    public void configure(HttpsParameters parameters) {
                        // Set through SSLParameters: the server ignores the plain setter then.
                        SSLParameters ssl = tls.getDefaultSSLParameters();
                        ssl.setNeedClientAuth(needClientAuth);
                        parameters.setSSLParameters(ssl);
                    }
                });
        return new StubRegistryServer(server, "https", handler);
    }

    String url() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private void answer(HttpExchange exchange, Function<Request, Response> handler)
            throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
            Request request =
                    new Request(
                            exchange.getRequestMethod(),
                            exchange.getRequestURI().getRawPath()
                                    + (exchange.getRequestURI().getRawQuery() == null
                                            ? ""
                                            : "?" + exchange.getRequestURI().getRawQuery()),
                            exchange.getRequestHeaders(),
                            body);
            requests.add(request);
            Response response = handler.apply(request);
            byte[] bytes = response.body().getBytes(UTF_8);
            exchange.getResponseHeaders().set("Content-Type", RegistryTransport.CONTENT_TYPE);
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
