package io.kappareplay.schemas.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * {@link SchemaRegistryClient} over the registry's REST API ({@code
 * application/vnd.schemaregistry.v1+json}), for any Confluent-compatible registry.
 *
 * <p>Caches what cannot change once the registry said it: the schema of an id, and the id (and
 * lookup result) of a schema under a subject; deleting a subject or version drops that subject's
 * entries. Failures are never cached. Retries, failover between URLs, authentication and TLS are as
 * {@link RegistryClientConfig} describes. Thread-safe; share one instance per registry.
 *
 * <p>Retried: I/O errors (after trying every URL), 429, and every 5xx except 501, including
 * Confluent's 50001 "error in the backend data store", which its registry raises while its
 * Kafka-backed store catches up. Never retried: other 4xx, TLS failures. Reads, registering (the
 * same schema gets the same id again) and setting a level are safe to repeat. A delete is not: a
 * delete the registry applied but whose answer was lost (a timeout, a 5xx) finds its subject or
 * version already deleted when it is sent again. That answer, to a resend after such a failure,
 * counts as success (see {@link #deleteSubject} and {@link #deleteVersion}); to a first send it is
 * thrown as usual.
 *
 * <pre>{@code
 * SchemaRegistryClient registry = new HttpSchemaRegistryClient(
 *         RegistryClientConfig.from(Map.of("schema.registry.url", "http://localhost:8081")));
 * int id = registry.register("kappa.orders.ingress-value", schema);
 * }</pre>
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
    /** The registry's error code for "the version was soft-deleted". */
    private static final int VERSION_SOFT_DELETED = 40406;

    private final ObjectMapper json = new ObjectMapper();
    private final RegistryTransport transport;
    private final LruCache<Integer, Schema> schemasById;
    private final LruCache<SubjectSchema, Integer> idsBySubjectSchema;
    private final LruCache<SubjectSchema, RegisteredSchema> lookups;

    /**
     * @throws IllegalArgumentException if the configured key stores cannot be read
     */
    public HttpSchemaRegistryClient(RegistryClientConfig config) {
        requireNonNull(config, "config");
        this.transport = new RegistryTransport(config, json);
        this.schemasById = new LruCache<>(config.cacheCapacity());
        this.idsBySubjectSchema = new LruCache<>(config.cacheCapacity());
        this.lookups = new LruCache<>(config.cacheCapacity());
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        RequestContext request = RequestContext.forSubject("register", subject);
        JsonNode response =
                transport.send(
                        "POST",
                        "/subjects/" + segment(subject) + "/versions",
                        schemaBody(schema),
                        request);
        int id = requiredInt(response, "id", request);
        idsBySubjectSchema.put(key, id);
        schemasById.put(id, schema);
        return id;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        RegisteredSchema cached = lookups.get(key);
        if (cached != null) {
            return cached;
        }
        RequestContext request = RequestContext.forSubject("lookup", subject);
        JsonNode response =
                transport.send(
                        "POST", "/subjects/" + segment(subject), schemaBody(schema), request);
        RegisteredSchema found = registeredSchema(response, subject, request);
        lookups.put(key, found);
        idsBySubjectSchema.put(key, found.id());
        schemasById.put(found.id(), found.schema());
        return found;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        RequestContext request = RequestContext.forSchemaId("schema by id", id);
        JsonNode response = transport.send("GET", "/schemas/ids/" + id, null, request);
        Schema schema = avroSchema(response, request);
        schemasById.put(id, schema);
        return schema;
    }

    @Override
    public List<String> subjects(boolean includeDeleted) {
        RequestContext request = RequestContext.forOperation("subjects");
        JsonNode response =
                transport.send(
                        "GET",
                        includeDeleted ? "/subjects?deleted=true" : "/subjects",
                        null,
                        request);
        List<String> subjects = new ArrayList<>();
        for (JsonNode subject : array(response, request)) {
            subjects.add(subject.asText());
        }
        return List.copyOf(subjects);
    }

    @Override
    public List<Integer> versions(String subject) {
        RequestContext request = RequestContext.forSubject("versions", subject);
        return integers(
                transport.send("GET", "/subjects/" + segment(subject) + "/versions", null, request),
                request);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return version(subject, Integer.toString(version));
    }

    @Override
    public RegisteredSchema latestVersion(String subject) {
        return version(subject, "latest");
    }

    private RegisteredSchema version(String subject, String version) {
        RequestContext request = RequestContext.forVersion("version", subject, version);
        JsonNode response =
                transport.send(
                        "GET",
                        "/subjects/" + segment(subject) + "/versions/" + version,
                        null,
                        request);
        return registeredSchema(response, subject, request);
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, int version, Schema schema) {
        return testCompatibility(subject, Integer.toString(version), schema);
    }

    @Override
    public CompatibilityResult testCompatibilityWithLatest(String subject, Schema schema) {
        return testCompatibility(subject, "latest", schema);
    }

    private CompatibilityResult testCompatibility(String subject, String version, Schema schema) {
        RequestContext request = RequestContext.forVersion("compatibility test", subject, version);
        JsonNode response =
                transport.send(
                        "POST",
                        "/compatibility/subjects/"
                                + segment(subject)
                                + "/versions/"
                                + version
                                + "?verbose=true",
                        schemaBody(schema),
                        request);
        JsonNode compatible = response.path("is_compatible");
        if (!compatible.isBoolean()) {
            throw unexpected(response, "is_compatible", request);
        }
        List<String> messages = new ArrayList<>();
        for (JsonNode message : response.path("messages")) {
            messages.add(message.asText());
        }
        return new CompatibilityResult(compatible.asBoolean(), messages);
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        RequestContext request = RequestContext.forOperation("global compatibility");
        return level(
                transport.send("GET", "/config", null, request), "compatibilityLevel", request);
    }

    @Override
    public CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level) {
        RequestContext request = RequestContext.forOperation("set global compatibility");
        return level(
                transport.send("PUT", "/config", levelBody(level), request),
                "compatibility",
                request);
    }

    @Override
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        RequestContext request = RequestContext.forSubject("subject compatibility", subject);
        try {
            return Optional.of(
                    level(
                            transport.send("GET", "/config/" + segment(subject), null, request),
                            "compatibilityLevel",
                            request));
        } catch (NotFoundException e) {
            // 40408: the subject has no level of its own and follows the global one. Older
            // registries say 40401 for the same; a real missing subject is not an error here
            // either.
            if (e.errorCode() == 40408 || e instanceof SubjectNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public CompatibilityLevel setSubjectCompatibility(String subject, CompatibilityLevel level) {
        RequestContext request = RequestContext.forSubject("set subject compatibility", subject);
        return level(
                transport.send("PUT", "/config/" + segment(subject), levelBody(level), request),
                "compatibility",
                request);
    }

    /**
     * {@inheritDoc}
     *
     * <p>When a resend finds the subject already deleted (error 40404 for a soft delete, 40401 for
     * a permanent one) after an earlier send of this call failed without an answer, that send
     * deleted it: the call succeeds and returns an empty list, as the versions were named only in
     * the lost answer.
     */
    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        RequestContext request = RequestContext.forSubject("delete subject", subject);
        try {
            Optional<JsonNode> response =
                    transport.send(
                            "DELETE",
                            "/subjects/" + segment(subject) + permanentQuery(permanent),
                            null,
                            request,
                            permanent
                                    ? answer -> answer instanceof SubjectNotFoundException
                                    : answer -> answer instanceof SubjectSoftDeletedException);
            return response.isEmpty() ? List.of() : integers(response.get(), request);
        } finally {
            forgetSubject(subject);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>When a resend finds the version already deleted (error 40406, or 40404 for a subject whose
     * every version is soft-deleted, for a soft delete; 40402, or 40401 once the subject went with
     * its last version, for a permanent one) after an earlier send of this call failed without an
     * answer, that send deleted it: the call succeeds and returns {@code version}.
     */
    @Override
    public int deleteVersion(String subject, int version, boolean permanent) {
        RequestContext request =
                RequestContext.forVersion("delete version", subject, Integer.toString(version));
        try {
            Optional<JsonNode> response =
                    transport.send(
                            "DELETE",
                            "/subjects/"
                                    + segment(subject)
                                    + "/versions/"
                                    + version
                                    + permanentQuery(permanent),
                            null,
                            request,
                            permanent
                                    ? answer ->
                                            answer instanceof VersionNotFoundException
                                                    || answer instanceof SubjectNotFoundException
                                    : answer ->
                                            answer.errorCode() == VERSION_SOFT_DELETED
                                                    || answer
                                                            instanceof SubjectSoftDeletedException);
            if (response.isEmpty()) {
                return version;
            }
            if (!response.get().isInt()) {
                throw unexpected(response.get(), "the deleted version number", request);
            }
            return response.get().asInt();
        } finally {
            forgetSubject(subject);
        }
    }

    /**
     * Drops what the caches say about a subject. Done even when the delete failed: a timed-out
     * delete may still have happened. Ids stay cached: an id never changes its schema.
     */
    private void forgetSubject(String subject) {
        idsBySubjectSchema.removeKeysIf(key -> key.subject().equals(subject));
        lookups.removeKeysIf(key -> key.subject().equals(subject));
    }

    private ObjectNode schemaBody(Schema schema) {
        // Schema#toString is Avro's canonical JSON: the same schema text whatever whitespace or
        // attribute order the caller's .avsc had, so the registry finds it under one id.
        return json.createObjectNode().put("schema", schema.toString());
    }

    private ObjectNode levelBody(CompatibilityLevel level) {
        return json.createObjectNode().put("compatibility", level.name());
    }

    private RegisteredSchema registeredSchema(
            JsonNode response, String subject, RequestContext request) {
        return new RegisteredSchema(
                response.path("subject").asText(subject),
                requiredInt(response, "id", request),
                requiredInt(response, "version", request),
                avroSchema(response, request));
    }

    private static Schema avroSchema(JsonNode response, RequestContext request) {
        String type = response.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new RegistryException(
                    request,
                    "the registry holds a " + type + " schema; only AVRO is supported",
                    null);
        }
        JsonNode text = response.path("schema");
        if (!text.isTextual()) {
            throw unexpected(response, "schema", request);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (RuntimeException e) {
            // Schema references (named types from other subjects) land here: not supported. Avro
            // 1.12 reports an unknown type name with a NullPointerException, not a
            // SchemaParseException.
            throw new RegistryException(
                    request,
                    "the registry's schema does not parse as Avro (schema references are not supported): "
                            + e,
                    e);
        }
    }

    private static CompatibilityLevel level(
            JsonNode response, String field, RequestContext request) {
        JsonNode level = response.path(field);
        if (!level.isTextual()) {
            throw unexpected(response, field, request);
        }
        try {
            return CompatibilityLevel.parse(level.asText());
        } catch (IllegalArgumentException e) {
            throw new RegistryException(request, e.getMessage(), e);
        }
    }

    private static int requiredInt(JsonNode response, String field, RequestContext request) {
        JsonNode value = response.path(field);
        if (!value.isInt()) {
            throw unexpected(response, field, request);
        }
        return value.asInt();
    }

    private static List<Integer> integers(JsonNode response, RequestContext request) {
        List<Integer> values = new ArrayList<>();
        for (JsonNode value : array(response, request)) {
            if (!value.isInt()) {
                throw unexpected(response, "an array of integers", request);
            }
            values.add(value.asInt());
        }
        return List.copyOf(values);
    }

    private static JsonNode array(JsonNode response, RequestContext request) {
        if (!response.isArray()) {
            throw unexpected(response, "an array", request);
        }
        return response;
    }

    private static RegistryException unexpected(
            JsonNode response, String expected, RequestContext request) {
        String body = response.toString();
        return new RegistryException(
                request,
                "unexpected response, expected "
                        + expected
                        + ": "
                        + (body.length() > 300 ? body.substring(0, 300) + "…" : body),
                null);
    }

    private static String permanentQuery(boolean permanent) {
        return permanent ? "?permanent=true" : "";
    }

    /** Encodes a subject as one path segment (URLEncoder's '+' for space is wrong in paths). */
    private static String segment(String subject) {
        return URLEncoder.encode(requireNonNull(subject, "subject"), UTF_8).replace("+", "%20");
    }
}
