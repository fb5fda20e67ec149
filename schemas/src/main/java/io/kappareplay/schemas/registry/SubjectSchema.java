package io.kappareplay.schemas.registry;

import static java.util.Objects.requireNonNull;

import org.apache.avro.Schema;

/**
 * A cache key: a subject and a schema, equal when the schemas' canonical JSON ({@link
 * Schema#toString()}: fixed attribute order, no whitespace) is equal, which is what the registry
 * compares. Avro's {@code equals} is not enough: it ignores {@code doc} and aliases, which the
 * registry does not.
 *
 * <p>A serializer passes the same {@link Schema} instance for every record, so the identity check
 * answers almost every lookup; the JSON is rendered only on a hash collision. The hash is Avro's
 * (cached in the schema), which schemas with equal JSON share.
 */
final class SubjectSchema {
    private final String subject;
    private final Schema schema;

    SubjectSchema(String subject, Schema schema) {
        this.subject = requireNonNull(subject, "subject");
        this.schema = requireNonNull(schema, "schema");
    }

    String subject() {
        return subject;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SubjectSchema that
                && subject.equals(that.subject)
                && (schema == that.schema || schema.toString().equals(that.schema.toString()));
    }

    @Override
    public int hashCode() {
        return 31 * subject.hashCode() + schema.hashCode();
    }
}
