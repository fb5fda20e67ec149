package io.kappareplay.schemas.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One thing wrong with a job spec, e.g. {@code source.point-in-time.mode: 'latest' is not valid;
 * use one of as-of, latest-per-key, window}.
 *
 * @param field the dotted path of the key, e.g. {@code source.point-in-time.mode}; {@code
 *     <document>} for the YAML as a whole
 * @param value the bad value as written, if there is one
 * @param problem what is wrong, e.g. {@code is not valid} or {@code missing}
 * @param expected what would be valid, e.g. {@code use one of as-of, latest-per-key, window}
 */
public record Violation(String field, Optional<String> value, String problem, String expected) {

    /** The field of problems with the YAML document as a whole. */
    public static final String DOCUMENT = "<document>";

    public Violation {
        requireNonNull(field, "field");
        requireNonNull(value, "value");
        requireNonNull(problem, "problem");
        requireNonNull(expected, "expected");
    }

    /** One line: {@code field: 'value' problem; expected}. */
    public String message() {
        return field + ": " + value.map(v -> "'" + v + "' ").orElse("") + problem + "; " + expected;
    }

    @Override
    public String toString() {
        return message();
    }
}
