package io.kappareplay.schemas.registry;

import static java.util.Objects.requireNonNull;

import org.apache.avro.Schema;

/**
 * A schema as registered under a subject: its global id and its version within the subject.
 *
 * <pre>{@code
 * RegisteredSchema latest = registry.latestVersion("kappa.orders.ingress-value");
 * int id = latest.id();
 * }</pre>
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
    public RegisteredSchema {
        requireNonNull(subject, "subject");
        requireNonNull(schema, "schema");
    }
}
