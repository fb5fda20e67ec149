package io.kappareplay.publisher.job;

/**
 * The publisher's command line is not valid: an unknown flag, a flag without its value, a missing
 * {@code --spec}. The message names the flag and the fix. Permanent: exit code 2.
 */
public final class JobArgumentsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public JobArgumentsException(String message) {
        super(message);
    }
}
