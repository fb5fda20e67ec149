package io.kappareplay.consumer.handler;

/**
 * The handler named by a job could not be loaded: a jar is missing, the class is not there or is
 * not a usable {@code ReplayHandler}. The message names the class, the jars searched and the fix;
 * the runtime stops before consuming anything.
 *
 * <pre>{@code
 * Handler class com.acme.PricingReplayHandler not found in [/opt/handler/pricing.jar]: check
 * service.handler for a typo, or add the jar that contains it
 * }</pre>
 */
public final class HandlerLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HandlerLoadException(String message) {
        super(message);
    }

    public HandlerLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
