package io.kappareplay.schemas.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects the violations of one spec. A field reports only its first problem, and nothing is
 * reported inside a field that already has one: a key of the wrong type must not also show up as
 * "missing", nor every key of a broken section.
 */
final class Violations {

    private final List<Violation> violations = new ArrayList<>();

    void add(String field, Object value, String problem, String expected) {
        for (Violation existing : violations) {
            if (field.equals(existing.field()) || field.startsWith(existing.field() + ".")) {
                return;
            }
        }
        violations.add(
                new Violation(
                        field, Optional.ofNullable(value).map(String::valueOf), problem, expected));
    }

    void invalid(String field, Object value, String expected) {
        add(field, value, "is not valid", expected);
    }

    void missing(String field, String expected) {
        add(field, null, "missing", expected);
    }

    void addAll(List<Violation> more) {
        for (Violation violation : more) {
            add(
                    violation.field(),
                    violation.value().orElse(null),
                    violation.problem(),
                    violation.expected());
        }
    }

    boolean isEmpty() {
        return violations.isEmpty();
    }

    /** How many were reported; compare two sizes to learn whether a check found something. */
    int size() {
        return violations.size();
    }

    List<Violation> list() {
        return List.copyOf(violations);
    }

    /** For checks in the model's constructors, which have no source to name. */
    void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new JobSpecException(null, violations);
        }
    }
}
