package io.kappareplay.publisher.job;

import static java.util.Objects.requireNonNull;

/**
 * More rows were rejected than the spec's {@code ingress.reject-budget} allows. Thrown after the
 * rejects, the ledger and the manifest are written, so that the rejects can be studied and the
 * manifest says what the topic holds: rows are published in the same pass as they are coerced, so
 * the accepted ones are on the topic. A run after the source is fixed needs {@code --replace}. Exit
 * code 1.
 */
public final class RejectBudgetExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient PublisherResult result;

    public RejectBudgetExceededException(String message, PublisherResult result) {
        super(message);
        this.result = requireNonNull(result, "result");
    }

    /** What the run wrote before it failed. */
    public PublisherResult result() {
        return result;
    }
}
