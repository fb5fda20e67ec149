package io.kappareplay.local;

/** The local stack could not start or stop a component; the message names it and its log. */
public final class LocalStackException extends RuntimeException {
    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
