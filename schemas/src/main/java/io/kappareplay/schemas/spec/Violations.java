package io.kappareplay.schemas.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Collects the violations of one spec. A field reports only its first problem, and nothing is
 * reported inside a field that already has one: a key of the wrong type must not also show up as
 * "missing", nor every key of a broken section.
 */
final class Violations {

    private final List<Violation> violations = new ArrayList<>();
    private final Set<String> covered = new HashSet<>();

    void add(String field, Object value, String problem, String expected) {
        if (isCovered(field)) {
            return;
        }
        covered.add(field);
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

    /**
     * Silences later problems of {@code field}, which another violation already explains: after
     * "fromat: did you mean 'format'?", "format: missing" says nothing new.
     */
    void cover(String field) {
        covered.add(field);
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

    /** In the order of {@link JobSpecKey}, so the report reads like the spec. */
    List<Violation> list() {
        List<Violation> sorted = new ArrayList<>(violations);
        sorted.sort(Comparator.comparingInt(violation -> specOrder(violation.field())));
        return List.copyOf(sorted);
    }

    /** For checks in the model's constructors, which have no source to name. */
    void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new JobSpecException(null, list());
        }
    }

    private boolean isCovered(String field) {
        for (String done : covered) {
            if (field.equals(done) || field.startsWith(done + ".")) {
                return true;
            }
        }
        return false;
    }

    // The key the field is, or is inside of (an unknown key, a map entry); unknown top-level
    // keys go last, problems of the document as a whole first.
    private static int specOrder(String field) {
        if (field.equals(Violation.DOCUMENT)) {
            return -1;
        }
        int order = JobSpecKey.values().length;
        int longest = 0;
        for (JobSpecKey key : JobSpecKey.values()) {
            boolean contains = field.equals(key.path()) || field.startsWith(key.path() + ".");
            if (contains && key.path().length() > longest) {
                order = key.ordinal();
                longest = key.path().length();
            }
        }
        return order;
    }
}
