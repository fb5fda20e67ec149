package io.kappareplay.service.api;

/**
 * The input may succeed on another try (a dependency timed out, was overloaded, was restarting).
 * The runtime retries it with backoff up to the job's budget, then sends it to the dead letter
 * queue. Any exception that is not a {@link PermanentHandlerException} is treated the same way;
 * this type only makes the intent explicit.
 */
public class RetriableHandlerException extends Exception {
    public RetriableHandlerException(String message) {
        super(message);
    }

    public RetriableHandlerException(String message, Throwable cause) {
        super(message, cause);
    }
}
