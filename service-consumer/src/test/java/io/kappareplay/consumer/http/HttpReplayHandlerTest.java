package io.kappareplay.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kappareplay.consumer.retry.FailureKind;
import io.kappareplay.service.api.HandlerConfig;
import io.kappareplay.service.api.ReplayContext;
import io.kappareplay.service.api.ReplayInput;
import io.kappareplay.service.api.ReplayOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler against a real HTTP server on loopback. */
class HttpReplayHandlerTest {
    static final Schema ORDER =
            new Schema.Parser()
                    .parse(
                            "{\"type\": \"record\", \"name\": \"Order\", \"namespace\": \"t\","
                                    + " \"fields\": [{\"name\": \"id\", \"type\": \"string\"},"
                                    + " {\"name\": \"amount\", \"type\": \"double\"},"
                                    + " {\"name\": \"note\", \"type\": [\"null\", \"string\"]}]}");
    static final Schema QUOTE =
            new Schema.Parser()
                    .parse(
                            "{\"type\": \"record\", \"name\": \"Quote\", \"namespace\": \"t\","
                                    + " \"fields\": [{\"name\": \"orderId\", \"type\": \"string\"},"
                                    + " {\"name\": \"price\", \"type\": \"double\"},"
                                    + " {\"name\": \"band\", \"type\": [\"null\", \"string\"],"
                                    + " \"default\": null}]}");
    private static final Instant SNAPSHOT = Instant.parse("2024-06-30T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Answer(int status, String body, Map<String, String> headers, long sleepMillis) {
        static Answer of(int status, String body) {
            return new Answer(status, body, Map.of(), 0);
        }
    }

    private record Received(String body, Map<String, String> headers) {}

    private final AtomicReference<Answer> answer = new AtomicReference<>();
    private final AtomicReference<Received> received = new AtomicReference<>();
    private HttpServer server;
    private HttpReplayHandler handler;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/handle",
                exchange -> {
                    byte[] request = exchange.getRequestBody().readAllBytes();
                    Map<String, String> headers = new HashMap<>();
                    exchange.getRequestHeaders()
                            .forEach(
                                    (name, values) ->
                                            headers.put(name.toLowerCase(), values.get(0)));
                    received.set(
                            new Received(new String(request, StandardCharsets.UTF_8), headers));
                    Answer a = answer.get();
                    if (a.sleepMillis() > 0) {
                        try {
                            Thread.sleep(a.sleepMillis());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    a.headers()
                            .forEach(
                                    (name, value) ->
                                            exchange.getResponseHeaders().add(name, value));
                    byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
        handler =
                open(
                        Map.of(
                                "http.url",
                                url(),
                                "http.timeout",
                                "2s",
                                "http.header.X-Api-Key",
                                "k1"));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/handle";
    }

    private static HttpReplayHandler open(Map<String, String> properties) {
        HttpReplayHandler opened =
                new HttpReplayHandler(
                        Clock.fixed(Instant.parse("2026-10-21T07:28:00Z"), ZoneOffset.UTC));
        opened.open(new HandlerConfig("job-1", SNAPSHOT, properties));
        opened.useOutputSchema(QUOTE);
        return opened;
    }

    private static ReplayInput input(String id) {
        GenericRecord order = new GenericData.Record(ORDER);
        order.put("id", id);
        order.put("amount", 12.5);
        order.put("note", null);
        return new ReplayInput(id, order);
    }

    private static ReplayContext context(int attempt) {
        return new ReplayContext(
                "job-1",
                "o-1",
                Map.of("kappa.lineage", "orders/part-0:7", "kappa.snapshot", SNAPSHOT.toString()),
                attempt,
                Instant.now().plusSeconds(30),
                SNAPSHOT,
                true);
    }

    private List<ReplayOutput> call(HttpReplayHandler h) {
        return h.handleAsync(input("o-1"), context(2)).toCompletableFuture().join();
    }

    private Throwable failure(HttpReplayHandler h) {
        try {
            call(h);
        } catch (CompletionException e) {
            return FailureKind.unwrap(e);
        }
        throw new AssertionError("the call did not fail");
    }

    @Test
    void postsTheValueAndContextAsJsonWithTheSnapshotHeaderAndMapsTheOutputs() throws Exception {
        answer.set(
                Answer.of(
                        200,
                        "{\"outputs\": [{\"orderId\": \"o-1\", \"price\": 13.75, \"band\": \"B\"},"
                                + " {\"orderId\": \"o-1\", \"price\": 1}]}"));

        List<ReplayOutput> outputs = call(handler);

        assertThat(outputs).hasSize(2);
        assertThat(outputs.get(0).key()).isEmpty();
        GenericRecord first = outputs.get(0).value();
        assertThat(first.getSchema()).isEqualTo(QUOTE);
        assertThat(first.get("orderId")).isEqualTo("o-1");
        assertThat(first.get("price")).isEqualTo(13.75);
        assertThat(first.get("band")).isEqualTo("B");
        assertThat(outputs.get(1).value().get("price")).isEqualTo(1.0);
        assertThat(outputs.get(1).value().get("band")).isNull();
        assertThat(GenericData.get().validate(QUOTE, outputs.get(1).value())).isTrue();

        Received request = received.get();
        assertThat(request.headers())
                .containsEntry("kappa-snapshot", "2024-06-30T00:00:00Z")
                .containsEntry("content-type", "application/json")
                .containsEntry("x-api-key", "k1");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body)
                .isEqualTo(
                        JSON.readTree(
                                "{\"value\": {\"id\": \"o-1\", \"amount\": 12.5, \"note\": null},"
                                        + " \"context\": {\"jobId\": \"job-1\", \"key\": \"o-1\","
                                        + " \"attempt\": 2, \"snapshotInstant\":"
                                        + " \"2024-06-30T00:00:00Z\", \"replay\": true,"
                                        + " \"lineage\": \"orders/part-0:7\"}}"));
    }

    @Test
    void noContentAndAnEmptyListAreNoOutputs() {
        answer.set(Answer.of(204, ""));
        assertThat(call(handler)).isEmpty();
        answer.set(Answer.of(200, "{\"outputs\": []}"));
        assertThat(call(handler)).isEmpty();
    }

    @Test
    void tooManyRequestsIsRetriableNoSoonerThanRetryAfterInSeconds() {
        answer.set(new Answer(429, "slow down", Map.of("Retry-After", "2"), 0));

        Throwable failure = failure(handler);

        assertThat(failure).isInstanceOf(HttpRetriableException.class);
        assertThat(FailureKind.of(failure)).isEqualTo(FailureKind.RETRIABLE);
        HttpRetriableException retriable = (HttpRetriableException) failure;
        assertThat(retriable.status()).isEqualTo(OptionalInt.of(429));
        assertThat(retriable.minimumRetryDelay()).contains(Duration.ofSeconds(2));
        assertThat(failure.getMessage()).contains("answered 429").contains("slow down");
        assertThat(HttpFailures.status(failure)).isEqualTo(OptionalInt.of(429));
    }

    @Test
    void unavailableIsRetriableNoSoonerThanRetryAfterAsAnHttpDate() {
        answer.set(new Answer(503, "", Map.of("Retry-After", "Wed, 21 Oct 2026 07:28:05 GMT"), 0));

        HttpRetriableException failure = (HttpRetriableException) failure(handler);

        assertThat(failure.status()).isEqualTo(OptionalInt.of(503));
        assertThat(failure.minimumRetryDelay()).contains(Duration.ofSeconds(5));
    }

    @Test
    void otherServerErrorsAreRetriableWithTheRuntimesOwnBackoff() {
        answer.set(new Answer(500, "boom", Map.of("Retry-After", "9"), 0));

        HttpRetriableException failure = (HttpRetriableException) failure(handler);

        assertThat(failure.status()).isEqualTo(OptionalInt.of(500));
        assertThat(failure.minimumRetryDelay()).isEmpty();
    }

    @Test
    void otherClientErrorsArePermanentWithTheStatusAndBody() {
        for (int status : new int[] {400, 404, 409, 422}) {
            answer.set(Answer.of(status, "{\"error\": \"unknown sku\"}"));

            Throwable failure = failure(handler);

            assertThat(FailureKind.of(failure)).isEqualTo(FailureKind.PERMANENT);
            assertThat(HttpFailures.status(failure)).isEqualTo(OptionalInt.of(status));
            assertThat(failure.getMessage())
                    .isEqualTo(
                            "POST "
                                    + url()
                                    + " for key o-1 answered "
                                    + status
                                    + ": {\"error\": \"unknown sku\"}");
        }
    }

    @Test
    void aRedirectIsPermanent() {
        answer.set(new Answer(302, "", Map.of("Location", "http://elsewhere/"), 0));

        assertThat(FailureKind.of(failure(handler))).isEqualTo(FailureKind.PERMANENT);
    }

    @Test
    void aMalformedAnswerIsPermanentAndSaysWhatWasWrong() {
        answer.set(Answer.of(200, "not json"));
        assertThat(failure(handler))
                .isInstanceOf(HttpPermanentException.class)
                .hasMessageContaining("answered 200 with a body that is not JSON");

        answer.set(Answer.of(200, "{\"result\": []}"));
        assertThat(failure(handler)).hasMessageContaining("without {\"outputs\": [...]}");

        answer.set(Answer.of(200, "{\"outputs\": {}}"));
        assertThat(failure(handler)).hasMessageContaining("outputs is not an array");

        answer.set(Answer.of(200, "{\"outputs\": [{\"orderId\": \"o-1\", \"price\": \"high\"}]}"));
        assertThat(failure(handler))
                .hasMessageContaining(
                        "with an output that is not a t.Quote: outputs[0].price: expected a number,"
                                + " got \"high\"");

        answer.set(Answer.of(200, "{\"outputs\": [{\"orderId\": \"o-1\"}]}"));
        assertThat(failure(handler))
                .hasMessageContaining("outputs[0].price: missing, and the field has no default");

        answer.set(
                Answer.of(
                        200,
                        "{\"outputs\": [{\"orderId\": \"o-1\", \"price\": 1, \"colour\": 2}]}"));
        assertThat(failure(handler))
                .hasMessageContaining("outputs[0].colour: no such field in t.Quote");
        assertThat(HttpFailures.status(failure(handler))).isEqualTo(OptionalInt.of(200));
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsRetriableWithoutAStatus() {
        HttpReplayHandler impatient = open(Map.of("http.url", url(), "http.timeout", "200ms"));
        answer.set(new Answer(200, "{\"outputs\": []}", Map.of(), 1_500));

        Throwable failure = failure(impatient);

        assertThat(failure).isInstanceOf(HttpRetriableException.class);
        assertThat(failure.getMessage()).contains("failed without an answer");
        assertThat(HttpFailures.status(failure)).isEmpty();
        assertThat(((HttpRetriableException) failure).minimumRetryDelay())
                .isEqualTo(Optional.empty());
    }

    @Test
    void aRequestWaitsNoLongerThanTheAttemptsDeadline() {
        HttpReplayHandler systemClock = new HttpReplayHandler();
        systemClock.open(
                new HandlerConfig(
                        "job-1", SNAPSHOT, Map.of("http.url", url(), "http.timeout", "30s")));
        systemClock.useOutputSchema(QUOTE);
        answer.set(new Answer(200, "{\"outputs\": []}", Map.of(), 3_000));
        ReplayContext soon =
                new ReplayContext(
                        "job-1", "o-1", Map.of(), 1, Instant.now().plusMillis(300), SNAPSHOT, true);

        long start = System.nanoTime();
        Throwable failure;
        try {
            systemClock.handleAsync(input("o-1"), soon).toCompletableFuture().join();
            throw new AssertionError("the call did not fail");
        } catch (CompletionException e) {
            failure = FailureKind.unwrap(e);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(Duration.ofMillis(2_500));
        assertThat(failure).isInstanceOf(HttpRetriableException.class);
        assertThat(HttpFailures.status(failure)).isEmpty();
    }

    @Test
    void aRefusedConnectionIsRetriableWithoutAStatus() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpReplayHandler unreachable =
                open(Map.of("http.url", "http://127.0.0.1:" + closedPort + "/handle"));

        Throwable failure = failure(unreachable);

        assertThat(FailureKind.of(failure)).isEqualTo(FailureKind.RETRIABLE);
        assertThat(HttpFailures.status(failure)).isEmpty();
    }

    @Test
    void withoutTheOutputSchemaTheHandlerSaysWhatIsMissing() {
        HttpReplayHandler noSchema = new HttpReplayHandler();
        noSchema.open(new HandlerConfig("job-1", SNAPSHOT, Map.of("http.url", url())));

        assertThat(noSchema.handleAsync(input("o-1"), context(1)).toCompletableFuture())
                .failsWithin(Duration.ofSeconds(1))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("give it the job's output schema (service.output)");
    }
}
