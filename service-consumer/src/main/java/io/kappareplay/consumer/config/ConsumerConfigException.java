package io.kappareplay.consumer.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A consumer's configuration is not valid. Carries every {@link ConfigProblem} found, so that one
 * start shows all there is to fix, one per line:
 *
 * <pre>{@code
 * Invalid consumer configuration (2 problems):
 *   --max-inflight: is not a flag; did you mean --max-in-flight?
 *   kappa.consumer.retry.jitter (from KAPPA_CONSUMER_RETRY_JITTER): '2' is not valid; use a number from 0 to 1: 0 = no jitter, 0.5 = equal jitter, 1 = full jitter (default 0.5)
 * }</pre>
 */
public final class ConsumerConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<ConfigProblem> problems;

    /**
     * @param problems at least one
     */
    public ConsumerConfigException(List<ConfigProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found: those of names first, then those of values in key order. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String message(List<ConfigProblem> problems) {
        requireNonNull(problems, "problems");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConsumerConfigException needs a problem");
        }
        StringBuilder message =
                new StringBuilder("Invalid consumer configuration (")
                        .append(problems.size())
                        .append(problems.size() == 1 ? " problem):" : " problems):");
        for (ConfigProblem problem : problems) {
            message.append("\n  ").append(problem.message());
        }
        return message.toString();
    }
}
