package io.kappareplay.publisher.source;

/**
 * The source cannot be cut the way the job spec says: a point-in-time column it names is missing or
 * of a type that holds no instant, or an Iceberg table has no snapshot at the instant. Permanent:
 * the message names the spec key, the column or table, and the fix.
 */
public final class SourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
