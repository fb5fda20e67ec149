package io.kappareplay.publisher.job;

/**
 * The job cannot start as specified, for a reason only the spec's targets reveal: the contract file
 * does not parse, its registry subject is missing or refuses it as incompatible, the registry
 * settings are invalid, or the key column's type cannot be a record key. Permanent: nothing was
 * published; the message names the spec key and the fix. Exit code 2.
 */
public final class JobSetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
