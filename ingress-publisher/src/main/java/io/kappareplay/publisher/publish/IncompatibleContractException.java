package io.kappareplay.publisher.publish;

import java.util.List;

/**
 * The job's contract cannot be registered under its ingress subject: the subject holds versions it
 * is not compatible with under the subject's compatibility level, so consumers that read with those
 * versions could not read what this run publishes. Permanent; the message names the subject, the
 * registry's reasons and the ways out.
 */
public final class IncompatibleContractException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String subject;
    private final List<String> reasons;

    public IncompatibleContractException(
            String subject, List<String> reasons, String message, Throwable cause) {
        super(message, cause);
        this.subject = subject;
        this.reasons = List.copyOf(reasons);
    }

    /** The ingress subject, {@code kappa.<job>.ingress-value}. */
    public String subject() {
        return subject;
    }

    /** The registry's reasons, one per incompatibility it found. */
    public List<String> reasons() {
        return reasons;
    }
}
