package io.kappareplay.schemas.registry;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a failed registry request asked for: the operation and, where it had them, the subject,
 * version and schema id. Every {@link RegistryException} carries one, so a failure names what it
 * was about.
 *
 * <pre>{@code
 * throw new SchemaNotFoundException(RequestContext.forSchemaId("schema by id", 42), 404, 40403,
 *         "Schema 42 not found");
 * }</pre>
 */
public final class RequestContext {
    private final String operation;
    private final String subject;
    private final String version;
    private final Integer schemaId;

    private RequestContext(String operation, String subject, String version, Integer schemaId) {
        this.operation = requireNonNull(operation, "operation");
        this.subject = subject;
        this.version = version;
        this.schemaId = schemaId;
    }

    /** A request about no subject, version or id in particular, such as listing subjects. */
    public static RequestContext forOperation(String operation) {
        return new RequestContext(operation, null, null, null);
    }

    /** A request about a subject. */
    public static RequestContext forSubject(String operation, String subject) {
        return new RequestContext(operation, requireNonNull(subject, "subject"), null, null);
    }

    /** A request about one version of a subject; {@code version} is a number or {@code latest}. */
    public static RequestContext forVersion(String operation, String subject, String version) {
        return new RequestContext(
                operation,
                requireNonNull(subject, "subject"),
                requireNonNull(version, "version"),
                null);
    }

    /** A request about the schema with a global id. */
    public static RequestContext forSchemaId(String operation, int schemaId) {
        return new RequestContext(operation, null, null, schemaId);
    }

    public String operation() {
        return operation;
    }

    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** The version asked for: a number, or {@code latest}. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    public OptionalInt schemaId() {
        return schemaId == null ? OptionalInt.empty() : OptionalInt.of(schemaId);
    }

    /** For example {@code version (subject 'orders-value', version latest)}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(operation);
        String separator = " (";
        if (subject != null) {
            text.append(separator).append("subject '").append(subject).append('\'');
            separator = ", ";
        }
        if (version != null) {
            text.append(separator).append("version ").append(version);
            separator = ", ";
        }
        if (schemaId != null) {
            text.append(separator).append("schema id ").append(schemaId);
            separator = ", ";
        }
        return separator.equals(", ") ? text.append(')').toString() : text.toString();
    }
}
