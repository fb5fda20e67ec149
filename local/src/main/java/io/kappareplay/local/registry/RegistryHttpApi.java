package io.kappareplay.local.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.kappareplay.local.registry.RegistryRecord.SchemaValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent's Schema Registry REST API (v1) over {@link RegistryService}. Answers are {@code
 * application/vnd.schemaregistry.v1+json}; request bodies are read as JSON whatever their content
 * type says. Every error answer is {@code {"error_code":..,"message":..}}.
 */
final class RegistryHttpApi implements HttpHandler {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger log = LoggerFactory.getLogger(RegistryHttpApi.class);
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final RegistryService registry;
    private final BasicAuthentication authentication;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Route> routes = new ArrayList<>();

    /**
     * @param authentication the users to check every request against, or null to serve everyone
     */
    RegistryHttpApi(RegistryService registry, BasicAuthentication authentication) {
        this.registry = registry;
        this.authentication = authentication;

        route("GET", "/", request -> json.createObjectNode());

        route("GET", "/subjects", request -> registry.subjects(request.flag("deleted")));
        route("POST", "/subjects/*", this::lookup);
        route(
                "DELETE",
                "/subjects/*",
                request -> registry.deleteSubject(request.param(0), request.flag("permanent")));
        route(
                "GET",
                "/subjects/*/versions",
                request -> registry.versionNumbers(request.param(0), request.flag("deleted")));
        route("POST", "/subjects/*/versions", this::register);
        route("GET", "/subjects/*/versions/*", request -> versionJson(version(request)));
        route(
                "GET",
                "/subjects/*/versions/*/schema",
                request -> new RawJson(version(request).schema()));
        route(
                "DELETE",
                "/subjects/*/versions/*",
                request ->
                        registry.deleteVersion(
                                request.param(0),
                                VersionId.parse(request.param(1)),
                                request.flag("permanent")));

        route("GET", "/schemas/types", request -> List.of("AVRO"));
        route(
                "GET",
                "/schemas/ids/*",
                request -> json.createObjectNode().put("schema", registry.schemaById(id(request))));
        route(
                "GET",
                "/schemas/ids/*/schema",
                request -> new RawJson(registry.schemaById(id(request))));
        route("GET", "/schemas/ids/*/versions", this::versionsOfId);

        route("GET", "/config", request -> levelJson("compatibilityLevel", registry.globalLevel()));
        route(
                "PUT",
                "/config",
                request ->
                        levelJson(
                                "compatibility", registry.setGlobalLevel(requestedLevel(request))));
        route(
                "DELETE",
                "/config",
                request -> levelJson("compatibilityLevel", registry.deleteGlobalLevel()));
        route(
                "GET",
                "/config/*",
                request ->
                        levelJson(
                                "compatibilityLevel",
                                registry.subjectLevel(
                                        request.param(0), request.flag("defaultToGlobal"))));
        route(
                "PUT",
                "/config/*",
                request ->
                        levelJson(
                                "compatibility",
                                registry.setSubjectLevel(
                                        request.param(0), requestedLevel(request))));
        route(
                "DELETE",
                "/config/*",
                request ->
                        levelJson(
                                "compatibilityLevel",
                                registry.deleteSubjectLevel(request.param(0))));

        route(
                "POST",
                "/compatibility/subjects/*/versions",
                request -> compatibility(request, VersionId.LATEST));
        route(
                "POST",
                "/compatibility/subjects/*/versions/*",
                request -> compatibility(request, VersionId.parse(request.param(1))));
    }

    @Override
    public void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        Answer answer;
        try {
            if (authentication != null) {
                authentication.check(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            answer = dispatch(exchange);
        } catch (RegistryException e) {
            answer = error(e);
        } catch (RuntimeException e) {
            log.error(
                    "Internal error on {} {}",
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    e);
            answer =
                    error(
                            new RegistryException(
                                    500,
                                    50001,
                                    "Internal error on "
                                            + exchange.getRequestMethod()
                                            + " "
                                            + exchange.getRequestURI().getRawPath()
                                            + ": "
                                            + e));
        }
        try {
            send(exchange, answer);
        } catch (IOException e) {
            log.debug(
                    "Cannot answer {} {}",
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    e);
        } finally {
            exchange.close();
        }
        log.debug(
                "{} {} -> {} in {} ms",
                exchange.getRequestMethod(),
                exchange.getRequestURI(),
                answer.status,
                (System.nanoTime() - start) / 1_000_000);
    }

    private Answer dispatch(HttpExchange exchange) {
        List<String> segments = pathSegments(exchange.getRequestURI().getRawPath());
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            List<String> params = route.match(segments);
            if (params == null) {
                continue;
            }
            if (route.method.equals(method)) {
                Request request =
                        new Request(
                                exchange, params, query(exchange.getRequestURI().getRawQuery()));
                return new Answer(200, route.action.run(request), Map.of());
            }
            allowed.add(route.method);
        }
        if (!allowed.isEmpty()) {
            return error(
                    new RegistryException(
                            405,
                            405,
                            "HTTP 405 Method Not Allowed: "
                                    + method
                                    + " "
                                    + exchange.getRequestURI().getRawPath()
                                    + " allows "
                                    + String.join(", ", allowed)),
                    Map.of("Allow", String.join(", ", allowed)));
        }
        throw new RegistryException(
                404,
                404,
                "HTTP 404 Not Found: no such resource "
                        + method
                        + " "
                        + exchange.getRequestURI().getRawPath());
    }

    private Object register(Request request) {
        int id = registry.register(request.param(0), requestedSchema(request));
        return json.createObjectNode().put("id", id);
    }

    private Object lookup(Request request) {
        return versionJson(
                registry.lookup(
                        request.param(0), requestedSchema(request), request.flag("deleted")));
    }

    private Object compatibility(Request request, VersionId versionId) {
        List<String> messages =
                registry.checkCompatibility(request.param(0), versionId, requestedSchema(request));
        ObjectNode answer = json.createObjectNode().put("is_compatible", messages.isEmpty());
        if (request.flag("verbose")) {
            ArrayNode list = answer.putArray("messages");
            messages.forEach(list::add);
        }
        return answer;
    }

    private Object versionsOfId(Request request) {
        ArrayNode answer = json.createArrayNode();
        for (SchemaValue version : registry.versionsWithId(id(request), request.flag("deleted"))) {
            answer.addObject().put("subject", version.subject()).put("version", version.version());
        }
        return answer;
    }

    private SchemaValue version(Request request) {
        VersionId versionId = VersionId.parse(request.param(1));
        return registry.version(request.param(0), versionId, request.flag("deleted"));
    }

    private ObjectNode versionJson(SchemaValue version) {
        return json.createObjectNode()
                .put("subject", version.subject())
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.schema());
    }

    private ObjectNode levelJson(String field, CompatibilityLevel level) {
        return json.createObjectNode().put(field, level.name());
    }

    private static int id(Request request) {
        String text = request.param(0);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryException.schemaIdNotFound("'" + text + "'");
        }
    }

    /** The schema text of a body {@code {"schema": "...", "schemaType": "AVRO"}}. */
    private static String requestedSchema(Request request) {
        String subject = request.param(0);
        JsonNode body = request.body();
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw RegistryException.invalidSchema(
                    subject,
                    "schemaType " + type + " is not supported: this registry supports only AVRO");
        }
        JsonNode references = body.get("references");
        if (references != null && !references.isNull() && !references.isEmpty()) {
            throw RegistryException.invalidSchema(
                    subject, "schema references are not supported by this registry");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || schema.isNull()) {
            throw RegistryException.invalidSchema(
                    subject,
                    "the request has no \"schema\" field; send {\"schema\": \"<Avro schema JSON>\"}");
        }
        if (!schema.isTextual()) {
            throw RegistryException.malformedRequest(
                    "\"schema\" must be a string holding the schema's JSON, not "
                            + schema.getNodeType());
        }
        return schema.textValue();
    }

    private static CompatibilityLevel requestedLevel(Request request) {
        JsonNode body = request.body();
        JsonNode level =
                body.has("compatibility")
                        ? body.get("compatibility")
                        : body.get("compatibilityLevel");
        if (level == null || level.isNull()) {
            throw new RegistryException(
                    422,
                    42203,
                    "Invalid compatibility level: the request has no \"compatibility\" field;"
                            + " valid levels are "
                            + CompatibilityLevel.validNames());
        }
        return CompatibilityLevel.parse(level.isTextual() ? level.textValue() : level.toString());
    }

    private void route(String method, String path, Action action) {
        routes.add(new Route(method, pathSegments(path), action));
    }

    private static List<String> pathSegments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                try {
                    // A '+' in a path is a plus, not a space.
                    segments.add(
                            URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw RegistryException.malformedRequest(
                            "the path segment '" + segment + "' has a bad %-escape");
                }
            }
        }
        return segments;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name =
                        URLDecoder.decode(
                                equals < 0 ? pair : pair.substring(0, equals),
                                StandardCharsets.UTF_8);
                String value =
                        equals < 0
                                ? ""
                                : URLDecoder.decode(
                                        pair.substring(equals + 1), StandardCharsets.UTF_8);
                query.put(name, value);
            } catch (IllegalArgumentException e) {
                throw RegistryException.malformedRequest(
                        "the query parameter '" + pair + "' has a bad %-escape");
            }
        }
        return query;
    }

    private Answer error(RegistryException e) {
        return error(e, Map.of());
    }

    private Answer error(RegistryException e, Map<String, String> headers) {
        ObjectNode body = json.createObjectNode();
        body.put("error_code", e.errorCode());
        body.put("message", e.getMessage());
        if (e.status() == 401) {
            headers =
                    Map.of("WWW-Authenticate", "Basic realm=\"" + BasicAuthentication.REALM + "\"");
        }
        if (e.status() >= 500) {
            log.warn("Answering {} {}: {}", e.status(), e.errorCode(), e.getMessage());
        }
        return new Answer(e.status(), body, headers);
    }

    private void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes =
                answer.body instanceof RawJson raw
                        ? raw.text.getBytes(StandardCharsets.UTF_8)
                        : json.writeValueAsBytes(answer.body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        answer.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(answer.status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private final class Request {
        private final HttpExchange exchange;
        private final List<String> params;
        private final Map<String, String> query;
        private JsonNode body;

        Request(HttpExchange exchange, List<String> params, Map<String, String> query) {
            this.exchange = exchange;
            this.params = params;
            this.query = query;
        }

        String param(int index) {
            return params.get(index);
        }

        boolean flag(String name) {
            return "true".equalsIgnoreCase(query.get(name));
        }

        /** The body as a JSON object; a missing, malformed or non-object body is a 422 error. */
        JsonNode body() {
            if (body == null) {
                body = readBody();
            }
            return body;
        }

        private JsonNode readBody() {
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            } catch (IOException e) {
                throw RegistryException.malformedRequest(
                        "cannot read the request body: " + e.getMessage());
            }
            if (bytes.length > MAX_BODY_BYTES) {
                throw new RegistryException(
                        413,
                        413,
                        "Request body too large: the limit is " + MAX_BODY_BYTES + " bytes");
            }
            if (bytes.length == 0) {
                throw RegistryException.malformedRequest(
                        "the request has no body; send a JSON object");
            }
            JsonNode node;
            try {
                node = json.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw RegistryException.malformedRequest(
                        "the body is not valid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw RegistryException.malformedRequest(
                        "cannot read the request body: " + e.getMessage());
            }
            if (node == null || !node.isObject()) {
                throw RegistryException.malformedRequest("the body must be a JSON object");
            }
            return node;
        }
    }

    @FunctionalInterface
    private interface Action {
        /**
         * The answer's body: a Jackson node, a list or number Jackson writes, or {@link RawJson}.
         */
        Object run(Request request);
    }

    private record Route(String method, List<String> pattern, Action action) {
        /** The values of the {@code *} segments, or null when the path does not match. */
        List<String> match(List<String> segments) {
            if (segments.size() != pattern.size()) {
                return null;
            }
            List<String> params = new ArrayList<>();
            for (int i = 0; i < pattern.size(); i++) {
                if (pattern.get(i).equals("*")) {
                    params.add(segments.get(i));
                } else if (!pattern.get(i).equals(segments.get(i))) {
                    return null;
                }
            }
            return params;
        }
    }

    /** A body that is already JSON text: a stored schema, answered as is. */
    private record RawJson(String text) {}

    private record Answer(int status, Object body, Map<String, String> headers) {}
}
