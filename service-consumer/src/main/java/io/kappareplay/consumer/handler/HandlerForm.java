package io.kappareplay.consumer.handler;

import io.kappareplay.service.api.ReplayContext;
import io.kappareplay.service.api.ReplayHandler;
import io.kappareplay.service.api.ReplayInput;

/**
 * Which of its two forms a {@link ReplayHandler} implements, and so how the runtime calls it:
 * {@code handle} on a worker thread, or {@code handleAsync} from the dispatch thread.
 *
 * <pre>{@code
 * if (HandlerForm.of(handlerClass) == HandlerForm.ASYNC) { ... }
 * }</pre>
 */
public enum HandlerForm {
    /** Overrides {@code handle}: blocks until the outputs are known. */
    BLOCKING,
    /** Overrides {@code handleAsync}: returns at once with a stage completing later. */
    ASYNC;

    /**
     * The form the class overrides, from its methods (a superclass or interface of the handler
     * counts).
     *
     * @throws HandlerLoadException if it overrides neither form or both
     */
    public static HandlerForm of(Class<? extends ReplayHandler> type) {
        boolean blocking = overrides(type, "handle");
        boolean async = overrides(type, "handleAsync");
        if (blocking && async) {
            throw new HandlerLoadException(
                    "Handler class "
                            + type.getName()
                            + " overrides both handle and handleAsync: keep handleAsync for a"
                            + " non-blocking service, or handle for a blocking one, and remove the"
                            + " other");
        }
        if (!blocking && !async) {
            throw new HandlerLoadException(
                    "Handler class "
                            + type.getName()
                            + " overrides neither handle nor handleAsync: implement handle for a"
                            + " blocking service, or handleAsync for a non-blocking one");
        }
        return async ? ASYNC : BLOCKING;
    }

    private static boolean overrides(Class<? extends ReplayHandler> type, String method) {
        try {
            return type.getMethod(method, ReplayInput.class, ReplayContext.class)
                            .getDeclaringClass()
                    != ReplayHandler.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("ReplayHandler declares " + method, e);
        }
    }
}
