package io.kappareplay.local.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A raw HTTP client for conformance tests: what any Confluent-API client would send. */
final class RegistryHttp {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final String url;
    private final String authorization;

    RegistryHttp(HttpClient client, String url, String authorization) {
        this.client = client;
        this.url = url;
        this.authorization = authorization;
    }

    static RegistryHttp plain(String url) {
        return new RegistryHttp(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), url, null);
    }

    record Response(int status, JsonNode body, String contentType) {
        int errorCode() {
            return body.path("error_code").asInt(-1);
        }

        String message() {
            return body.path("message").asText();
        }
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    Response post(String path, Object body) {
        return send("POST", path, body);
    }

    Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    /** POST /subjects/{s}/versions with an Avro schema. */
    Response register(String subject, String schema) {
        return post("/subjects/" + subject + "/versions", Map.of("schema", schema));
    }

    Response send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(url + path))
                            .timeout(Duration.ofSeconds(30))
                            .header("Accept", CONTENT_TYPE);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                String text = body instanceof String s ? s : JSON.writeValueAsString(body);
                request.header("Content-Type", CONTENT_TYPE)
                        .method(method, HttpRequest.BodyPublishers.ofString(text));
            }
            HttpResponse<String> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json =
                    response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Response(
                    response.statusCode(),
                    json,
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
