package io.kappareplay.publisher.manifest;

/**
 * The ingress topic could not be read back for the manifest and ledger: a transaction stayed open,
 * the read did not finish in time, or the topic holds a record the publisher cannot have written.
 * The message names the topic, the partition and what to do.
 */
public final class ReadBackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReadBackException(String message, Throwable cause) {
        super(message, cause);
    }
}
