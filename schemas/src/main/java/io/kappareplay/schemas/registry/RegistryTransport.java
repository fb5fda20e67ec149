package io.kappareplay.schemas.registry;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/**
 * Sends one REST request to the registry: picks a URL, adds authentication, retries transient
 * failures with backoff and turns error responses into typed exceptions.
 *
 * <p>An I/O error (refused connection, timeout) moves on to the next URL at once, and the URL that
 * answers is used first from then on. Only when no URL answers, or one answers with a retriable
 * status, does the request count as failed and get retried after a backoff. A TLS failure is not
 * retried: a certificate the client does not trust stays untrusted.
 *
 * <p>A request that failed without an answer (an I/O error, a timeout, a 5xx) may still have been
 * applied by the registry. Resending is harmless for reads, for registering (the same schema gets
 * the same id) and for setting a level, but not for a delete: its resend finds the thing already
 * deleted. {@link #send(String, String, JsonNode, RequestContext, Predicate)} takes the answers
 * that mean so, and accepts them only after such an uncertain earlier send of the same call.
 */
final class RegistryTransport {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    // Confluent's client sends the same list, so registries that negotiate on it answer alike.
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9,"
                    + " application/json; qs=0.5";

    private final List<Endpoint> endpoints;
    private final AtomicInteger preferredEndpoint = new AtomicInteger();
    private final HttpClient http;
    private final ObjectMapper json;
    private final int maxRetries;
    private final Backoff backoff;
    private final Duration requestTimeout;

    /** A registry base URL without user info, and the Authorization header to send to it. */
    private record Endpoint(URI base, Optional<String> authorization) {}

    RegistryTransport(RegistryClientConfig config, ObjectMapper json) {
        this.endpoints = endpoints(config);
        this.json = json;
        this.maxRetries = config.maxRetries();
        this.backoff = new Backoff(config.retryBackoff(), RegistryClientConfig.MAX_RETRY_BACKOFF);
        this.requestTimeout = config.requestTimeout();
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(config.requestTimeout())
                        .sslContext(SslContextLoader.load(config))
                        // HTTP/2 over plain http starts with an h2c upgrade, which some proxies in
                        // front of registries reject; the registry API gains nothing from HTTP/2.
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
    }

    /**
     * Sends {@code method pathAndQuery} (with {@code body} as JSON unless null) and returns the
     * response body as JSON ({@link MissingNode} when empty). For requests that are safe to send
     * again: reads, registering, setting a level.
     */
    JsonNode send(String method, String pathAndQuery, JsonNode body, RequestContext request) {
        return send(method, pathAndQuery, body, request, answer -> false)
                .orElseThrow(() -> new IllegalStateException("no answer is accepted as done"));
    }

    /**
     * Sends a request that is not safe to repeat blindly, such as a delete, and returns its
     * response body; empty when a resend was refused with an answer {@code alreadyDone} accepts
     * (for a delete: "already deleted") after an earlier send of this call failed without a
     * definite answer, so the earlier send is what did it. On the first send, or after definite
     * refusals only, such an answer is thrown like any other.
     */
    Optional<JsonNode> send(
            String method,
            String pathAndQuery,
            JsonNode body,
            RequestContext request,
            Predicate<RegistryException> alreadyDone) {
        Call call = new Call();
        for (int retry = 0; ; retry++) {
            try {
                return Optional.of(sendToAnyEndpoint(method, pathAndQuery, body, request, call));
            } catch (RegistryException e) {
                if (call.mayHaveBeenApplied && !e.isRetriable() && alreadyDone.test(e)) {
                    return Optional.empty();
                }
                if (!e.isRetriable() || retry >= maxRetries) {
                    throw e;
                }
                // A 5xx may come after the registry applied the request (a timeout behind a
                // proxy, a store write that succeeded late); a 429 turns it away unread. I/O
                // errors were weighed where they happened.
                call.mayHaveBeenApplied |= e.httpStatus() >= 500;
                sleep(backoff.delay(retry), request, e);
            }
        }
    }

    /** What earlier sends of one call left open. */
    private static final class Call {
        /** Whether an earlier send failed without a definite answer: it may have been applied. */
        boolean mayHaveBeenApplied;
    }

    private JsonNode sendToAnyEndpoint(
            String method, String pathAndQuery, JsonNode body, RequestContext request, Call call) {
        int first = preferredEndpoint.get();
        List<String> failures = new ArrayList<>();
        IOException lastFailure = null;
        for (int i = 0; i < endpoints.size(); i++) {
            int index = (first + i) % endpoints.size();
            Endpoint endpoint = endpoints.get(index);
            URI uri = URI.create(endpoint.base() + pathAndQuery);
            HttpResponse<String> response;
            try {
                response =
                        http.send(
                                httpRequest(method, uri, body, endpoint),
                                HttpResponse.BodyHandlers.ofString(UTF_8));
            } catch (IOException e) {
                if (isTlsFailure(e)) {
                    throw new RegistryException(
                            request,
                            "TLS with "
                                    + endpoint.base()
                                    + " failed (check the schema.registry.ssl.* settings): "
                                    + e,
                            e);
                }
                call.mayHaveBeenApplied |= !neverConnected(e);
                failures.add(endpoint.base() + ": " + e);
                if (lastFailure != null) {
                    e.addSuppressed(lastFailure);
                }
                lastFailure = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(
                        request, "interrupted while waiting for " + endpoint.base(), e);
            }
            preferredEndpoint.set(index);
            return handle(response, request);
        }
        throw new RegistryUnavailableException(
                request, "no registry URL answered: " + String.join("; ", failures), lastFailure);
    }

    private HttpRequest httpRequest(String method, URI uri, JsonNode body, Endpoint endpoint) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", ACCEPT);
        endpoint.authorization().ifPresent(value -> builder.header("Authorization", value));
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE);
            builder.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), UTF_8));
        }
        return builder.build();
    }

    private JsonNode handle(HttpResponse<String> response, RequestContext request) {
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw ErrorResponse.parse(status, response.body(), json).toException(request);
        }
        if (response.body() == null || response.body().isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new RegistryException(
                    request,
                    "the registry answered HTTP " + status + " with a body that is not JSON: " + e,
                    e);
        }
    }

    private static void sleep(Duration delay, RequestContext request, RegistryException failure) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            RegistryException interrupted =
                    new RegistryException(request, "interrupted while waiting to retry", e);
            interrupted.addSuppressed(failure);
            throw interrupted;
        }
    }

    /**
     * Whether the request never reached the registry: connecting was refused or timed out. Any
     * other I/O error may come after the registry received, and applied, the request.
     */
    private static boolean neverConnected(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTlsFailure(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private static List<Endpoint> endpoints(RegistryClientConfig config) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (URI url : config.urls()) {
            String base = RegistryClientConfig.withoutUserInfo(url).toString();
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            endpoints.add(new Endpoint(URI.create(base), authorization(config, url)));
        }
        return List.copyOf(endpoints);
    }

    private static Optional<String> authorization(RegistryClientConfig config, URI url) {
        if (config.bearerAuthToken().isPresent()) {
            return Optional.of("Bearer " + config.bearerAuthToken().get());
        }
        Optional<String> userInfo =
                switch (config.basicAuthCredentialsSource()) {
                    case USER_INFO -> config.basicAuthUserInfo();
                    case URL -> Optional.ofNullable(url.getUserInfo());
                };
        return userInfo.map(
                value -> "Basic " + Base64.getEncoder().encodeToString(value.getBytes(UTF_8)));
    }
}
