package io.kappareplay.schemas.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A job spec is not valid. Carries every {@link Violation} found, so one run shows all there is to
 * fix; the message lists them one per line after the spec's source (its file, if it had one):
 *
 * <pre>{@code
 * Invalid job spec jobs/orders.yaml (2 problems):
 *   source.point-in-time.mode: 'latest' is not valid; use one of as-of, latest-per-key, window
 *   ingress.partitions: '0' is not valid; use 1 to 10000
 * }</pre>
 */
public final class JobSpecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<Violation> violations;

    /**
     * @param source where the spec came from, e.g. its file; null if it was built in code
     * @param violations at least one
     */
    public JobSpecException(String source, List<Violation> violations) {
        super(message(source, violations));
        this.source = source;
        this.violations = List.copyOf(violations);
    }

    /** Where the spec came from, e.g. its file path. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** Every problem found, in spec order. */
    public List<Violation> violations() {
        return violations;
    }

    private static String message(String source, List<Violation> violations) {
        requireNonNull(violations, "violations");
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a JobSpecException needs at least one violation");
        }
        StringBuilder message = new StringBuilder("Invalid job spec");
        if (source != null) {
            message.append(' ').append(source);
        }
        message.append(" (")
                .append(violations.size())
                .append(violations.size() == 1 ? " problem):" : " problems):");
        for (Violation violation : violations) {
            message.append("\n  ").append(violation.message());
        }
        return message.toString();
    }
}
