package io.kappareplay.schemas.spec;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where an Avro schema comes from: a file or a registry subject, never both.
 *
 * <pre>{@code
 * contract:
 *   avsc: contracts/order.avsc      # or: subject: orders-value
 * }</pre>
 */
public sealed interface SchemaReference {

    /**
     * An {@code .avsc} file. Relative paths written in a spec file are resolved against that file's
     * directory when the spec is parsed; relative paths from overrides or from a spec given as text
     * stay relative to the working directory.
     */
    record AvscFile(Path path) implements SchemaReference {
        public AvscFile {
            requireNonNull(path, "path");
            Violations violations = new Violations();
            SpecRules.avsc(violations, "avsc", path);
            violations.throwIfAny();
        }
    }

    /** A schema registry subject; its latest version is used. */
    record RegistrySubject(String subject) implements SchemaReference {
        public RegistrySubject {
            Violations violations = new Violations();
            SpecRules.subject(violations, "subject", subject);
            violations.throwIfAny();
        }
    }
}
