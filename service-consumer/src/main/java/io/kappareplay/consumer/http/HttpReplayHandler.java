package io.kappareplay.consumer.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kappareplay.consumer.handler.OutputSchemaAware;
import io.kappareplay.schemas.naming.KappaHeaders;
import io.kappareplay.service.api.HandlerConfig;
import io.kappareplay.service.api.PermanentHandlerException;
import io.kappareplay.service.api.ReplayContext;
import io.kappareplay.service.api.ReplayHandler;
import io.kappareplay.service.api.ReplayInput;
import io.kappareplay.service.api.ReplayOutput;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.avro.Schema;

/**
 * Replays a service that is not written in Java: POSTs each record as JSON to the service's HTTP
 * endpoint and maps the JSON answer to the job's outputs, with the runtime's concurrency, retries
 * and dead letters. A job selects it with {@code service.handler:
 * io.kappareplay.consumer.http.HttpReplayHandler}, configures it with {@link HttpHandlerConfig}'s
 * keys in {@code service.properties}, and names its output schema in {@code service.output}.
 *
 * <p>The request, {@code Content-Type: application/json}, with the header {@code Kappa-Snapshot}
 * holding the snapshot instant (ISO-8601):
 *
 * <pre>{@code
 * {"value": {...the input as plain JSON, see JsonRecords...},
 *  "context": {"jobId": "orders-2024-06", "key": "o-17", "attempt": 1,
 *              "snapshotInstant": "2024-06-30T00:00:00Z", "replay": true, "lineage": "..."}}
 * }</pre>
 *
 * <p>The answer: {@code {"outputs": [ {...a record of the output schema...}, ... ]}}, or {@code
 * 204} for no outputs. What a status means:
 *
 * <ul>
 *   <li>{@code 2xx}: the outputs; a body that does not map is a {@link HttpPermanentException}
 *       naming what was wrong;
 *   <li>{@code 429}, {@code 503}: retriable, no sooner than the response's {@code Retry-After}
 *       (seconds or an HTTP date, capped at {@code retry.max-backoff});
 *   <li>other {@code 5xx}, no answer within {@code http.timeout}, a refused connection: retriable;
 *   <li>any other status: permanent.
 * </ul>
 *
 * <p>A request waits at most {@code http.timeout}, and no longer than the attempt's deadline
 * ({@code ReplayContext.deadline}, from {@code handler-timeout}).
 *
 * <p>A record that ends in the dead letter topic after an answer carries its last status in {@code
 * kappa.error.http-status}.
 */
public final class HttpReplayHandler implements ReplayHandler, OutputSchemaAware {

    /** The request header that carries the snapshot instant, for point-in-time dependencies. */
    public static final String SNAPSHOT_HEADER = "Kappa-Snapshot";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_IN_MESSAGE = 300;

    private final Clock clock;
    private HttpHandlerConfig config;
    private HttpClient client;
    private volatile Schema outputSchema;

    public HttpReplayHandler() {
        this(Clock.systemUTC());
    }

    HttpReplayHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void open(HandlerConfig handlerConfig) {
        config = HttpHandlerConfig.from(handlerConfig.properties());
        client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(config.timeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    @Override
    public void useOutputSchema(Schema schema) {
        this.outputSchema = schema;
    }

    @Override
    public CompletionStage<List<ReplayOutput>> handleAsync(
            ReplayInput input, ReplayContext context) {
        Schema schema = outputSchema;
        if (client == null || schema == null) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException(
                            "HttpReplayHandler is not ready: open it, and give it the job's output"
                                    + " schema (service.output) before the first record"));
        }
        HttpRequest request;
        try {
            request = request(input, context);
        } catch (RuntimeException e) {
            // An input that cannot be written as JSON never will be.
            return CompletableFuture.failedFuture(
                    new PermanentHandlerException(
                            "Cannot write the record with key " + input.key() + " as JSON: " + e,
                            e));
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle(
                        (response, failure) -> {
                            if (failure != null) {
                                Throwable cause =
                                        failure instanceof CompletionException
                                                        && failure.getCause() != null
                                                ? failure.getCause()
                                                : failure;
                                if (cause instanceof Error error) {
                                    // Not the record's failure: the runtime must stop (FATAL).
                                    throw error;
                                }
                                throw new CompletionException(
                                        new HttpRetriableException(
                                                "POST "
                                                        + config.url()
                                                        + " for key "
                                                        + input.key()
                                                        + " failed without an answer: "
                                                        + cause,
                                                OptionalInt.empty(),
                                                Optional.empty(),
                                                cause));
                            }
                            try {
                                return outputs(response, input.key(), schema);
                            } catch (HttpPermanentException | HttpRetriableException e) {
                                throw new CompletionException(e);
                            }
                        });
    }

    private HttpRequest request(ReplayInput input, ReplayContext context) {
        ObjectNode body = JSON.createObjectNode();
        body.set("value", JsonRecords.toJson(input.value(), input.value().getSchema()));
        ObjectNode ctx = body.putObject("context");
        ctx.put("jobId", context.jobId());
        ctx.put("key", context.key());
        ctx.put("attempt", context.attempt());
        ctx.put("snapshotInstant", context.snapshotInstant().toString());
        ctx.put("replay", context.replay());
        String lineage = context.headers().get(KappaHeaders.LINEAGE);
        if (lineage == null) {
            ctx.putNull("lineage");
        } else {
            ctx.put("lineage", lineage);
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(config.url())
                        .timeout(timeout(context))
                        .header("Content-Type", "application/json")
                        .header(SNAPSHOT_HEADER, context.snapshotInstant().toString())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        config.headers().forEach(builder::header);
        return builder.build();
    }

    /**
     * {@code http.timeout}, or less when the attempt's deadline ({@code handler-timeout}) comes
     * sooner: the runtime gives up on the attempt then, so the service need not go on with it.
     */
    private Duration timeout(ReplayContext context) {
        Duration left = Duration.between(clock.instant(), context.deadline());
        if (left.compareTo(config.timeout()) >= 0) {
            return config.timeout();
        }
        return left.compareTo(Duration.ofMillis(1)) > 0 ? left : Duration.ofMillis(1);
    }

    /** The outputs of {@code response}, or the failure its status means. */
    List<ReplayOutput> outputs(HttpResponse<String> response, String key, Schema schema)
            throws HttpPermanentException, HttpRetriableException {
        int status = response.statusCode();
        String what = "POST " + config.url() + " for key " + key + " answered " + status;
        if (status == 429 || status == 503) {
            Optional<Duration> retryAfter =
                    response.headers()
                            .firstValue("Retry-After")
                            .flatMap(value -> RetryAfter.parse(value, clock));
            throw new HttpRetriableException(
                    what
                            + retryAfter.map(d -> " (Retry-After " + d + ")").orElse("")
                            + body(response),
                    OptionalInt.of(status),
                    retryAfter,
                    null);
        }
        if (status >= 500 && status <= 599) {
            throw new HttpRetriableException(
                    what + body(response), OptionalInt.of(status), Optional.empty(), null);
        }
        if (status < 200 || status > 299) {
            throw new HttpPermanentException(what + body(response), status);
        }
        if (status == 204) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new HttpPermanentException(
                    what
                            + " with a body that is not JSON ("
                            + e.getOriginalMessage()
                            + ")"
                            + body(response),
                    status,
                    e);
        }
        if (root == null || !root.isObject() || !root.has("outputs")) {
            throw new HttpPermanentException(
                    what + " without {\"outputs\": [...]}" + body(response), status);
        }
        JsonNode outputs = root.get("outputs");
        if (!outputs.isArray()) {
            throw new HttpPermanentException(
                    what + ": outputs is not an array" + body(response), status);
        }
        List<ReplayOutput> result = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            try {
                result.add(
                        ReplayOutput.of(
                                JsonRecords.toRecord(
                                        outputs.get(i), schema, "outputs[" + i + "]")));
            } catch (IllegalArgumentException e) {
                throw new HttpPermanentException(
                        what
                                + " with an output that is not a "
                                + schema.getFullName()
                                + ": "
                                + e.getMessage(),
                        status,
                        e);
            }
        }
        return result;
    }

    private static String body(HttpResponse<String> response) {
        String body = response.body();
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip();
        return ": "
                + (text.length() > BODY_IN_MESSAGE
                        ? text.substring(0, BODY_IN_MESSAGE) + "…"
                        : text);
    }
}
