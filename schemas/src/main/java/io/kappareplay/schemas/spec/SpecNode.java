package io.kappareplay.schemas.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A YAML document as written, before it is checked against {@link JobSpecKey}: scalars keep the
 * text the user typed beside YAML's reading of it, so {@code 0123} can be refused rather than read
 * as octal 83, and a client property gets exactly the digits written.
 */
sealed interface SpecNode {

    /** Describes the node for "is X; use Y" messages. */
    String describe();

    /** A YAML mapping, in document order. */
    record Mapping(Map<String, SpecNode> entries) implements SpecNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A YAML sequence; no key of a job spec takes one, so its items are not kept. */
    record Sequence() implements SpecNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A YAML scalar.
     *
     * @param kind how YAML reads it
     * @param text as written, e.g. {@code 0x10} or {@code yes}
     * @param value YAML's reading: a String, a Long or BigInteger, a Double (NaN when YAML calls it
     *     a number Java cannot read, like {@code .inf}), a Boolean, or null
     */
    record Scalar(Kind kind, String text, Object value) implements SpecNode {
        @Override
        public String describe() {
            return kind.description;
        }
    }

    /** How YAML reads a scalar. */
    enum Kind {
        TEXT("text"),
        INTEGER("a whole number"),
        DECIMAL("a decimal number"),
        BOOLEAN("a boolean"),
        NULL("empty (null)"),
        /** Set by an override ({@code --set key=value}): text read as the key's type. */
        OVERRIDE("text");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }
}
