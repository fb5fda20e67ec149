package io.kappareplay.publisher.contract;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A value that cannot fill its field, on its way from the converter that found it to the field of
 * the row, where it becomes a {@link FieldReject}. Containers on the way (struct, array, map) add
 * their part of the path. Never leaves the package, and has no stack trace: a reject is data, and
 * sources with many bad rows must not pay for stack walks.
 */
final class ValueRejection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;
    private final transient Object value;
    private final String problem;
    private final String fix;
    private final Deque<String> pathBelowField = new ArrayDeque<>();

    ValueRejection(RejectReason reason, Object value, String problem, String fix) {
        super(problem, null, false, false);
        this.reason = reason;
        this.value = value;
        this.problem = problem;
        this.fix = fix;
    }

    /**
     * Prepends the path segment of the container this value sits in: {@code .city}, {@code [2]}.
     */
    ValueRejection under(String segment) {
        pathBelowField.addFirst(segment);
        return this;
    }

    FieldReject toReject(String field, String column) {
        String below = String.join("", pathBelowField);
        return new FieldReject(
                field + below,
                Optional.of(column + below),
                reason,
                ValueText.of(value),
                problem,
                fix);
    }
}
