package io.kappareplay.sink.bounded;

/** {@code egress.json} is missing, unreadable or of another job; the message says the fix. */
public class StopOffsetsException extends RuntimeException {
    public StopOffsetsException(String message) {
        super(message);
    }

    public StopOffsetsException(String message, Throwable cause) {
        super(message, cause);
    }
}
