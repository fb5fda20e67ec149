package io.kappareplay.service.api;

/**
 * The input can never succeed (it breaks a business rule, names an unknown product): the runtime
 * sends it to the dead letter queue at once, with this message in its error headers, and goes on.
 */
public class PermanentHandlerException extends Exception {
    public PermanentHandlerException(String message) {
        super(message);
    }

    public PermanentHandlerException(String message, Throwable cause) {
        super(message, cause);
    }
}
