package io.kappareplay.consumer.handler;

import io.kappareplay.service.api.HandlerConfig;
import io.kappareplay.service.api.ReplayContext;
import io.kappareplay.service.api.ReplayHandler;
import io.kappareplay.service.api.ReplayInput;
import io.kappareplay.service.api.ReplayOutput;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.avro.Schema;

/**
 * A handler instance from its own class loader, called the way its libraries expect: every call
 * runs with the thread's context class loader set to the handler's, because libraries such as
 * Jackson, JAXB or JDBC drivers look classes and {@code META-INF/services} files up there, and
 * under the runtime's loader they would find ours. Threads the handler starts during a call inherit
 * that loader. The switch happens per record, so it allocates nothing and takes no lock, and it is
 * skipped when the thread already has the handler's loader.
 *
 * <p>Exceptions from the handler pass through unchanged, so the runtime can tell a {@link
 * io.kappareplay.service.api.PermanentHandlerException} from a retriable one.
 *
 * <pre>{@code
 * try (LoadedHandler handler = HandlerLoader.load(jars, Optional.of("com.acme.PricingHandler"))) {
 *     handler.open(config);
 *     List<ReplayOutput> outputs = handler.handle(input, context);    // a BLOCKING handler
 * }
 * }</pre>
 */
public final class LoadedHandler implements AutoCloseable {

    private final ReplayHandler handler;
    private final HandlerForm form;
    private final HandlerClassLoader loader;

    LoadedHandler(ReplayHandler handler, HandlerForm form, HandlerClassLoader loader) {
        this.handler = handler;
        this.form = form;
        this.loader = loader;
    }

    /** The handler's class, for logs and metrics tags. */
    public Class<? extends ReplayHandler> handlerClass() {
        return handler.getClass();
    }

    /** Whether the runtime calls {@link #handle} or {@link #handleAsync}. */
    public HandlerForm form() {
        return form;
    }

    /**
     * Opens the handler.
     *
     * @throws Exception whatever the handler's {@code open} throws
     */
    public void open(HandlerConfig config) throws Exception {
        ClassLoader previous = enter();
        try {
            handler.open(config);
        } finally {
            exit(previous);
        }
    }

    /** The output schema the handler declares, if any. */
    public Optional<Schema> outputSchema() {
        ClassLoader previous = enter();
        try {
            return handler.outputSchema();
        } finally {
            exit(previous);
        }
    }

    /**
     * Calls a {@link HandlerForm#BLOCKING} handler on the calling thread.
     *
     * @throws Exception whatever the handler throws
     * @throws IllegalStateException if the handler is {@link HandlerForm#ASYNC}
     */
    public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) throws Exception {
        requireForm(HandlerForm.BLOCKING, "handleAsync");
        ClassLoader previous = enter();
        try {
            return handler.handle(input, context);
        } finally {
            exit(previous);
        }
    }

    /**
     * Calls an {@link HandlerForm#ASYNC} handler. A handler that throws, or returns null, instead
     * of returning a stage gets a failed stage, so the runtime has one failure path.
     *
     * @throws IllegalStateException if the handler is {@link HandlerForm#BLOCKING}: the dispatch
     *     thread must never run a blocking handler
     */
    public CompletionStage<List<ReplayOutput>> handleAsync(
            ReplayInput input, ReplayContext context) {
        requireForm(HandlerForm.ASYNC, "handle");
        ClassLoader previous = enter();
        try {
            CompletionStage<List<ReplayOutput>> stage = handler.handleAsync(input, context);
            return stage != null
                    ? stage
                    : CompletableFuture.failedFuture(
                            new NullPointerException(
                                    handler.getClass().getName()
                                            + ".handleAsync returned null instead of a stage"));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            exit(previous);
        }
    }

    /**
     * Closes the handler, then its class loader: in that order, since the handler's {@code close}
     * may still load classes from its jars. The loader is closed even if the handler's {@code
     * close} fails.
     *
     * @throws Exception whatever the handler's {@code close} throws
     */
    @Override
    public void close() throws Exception {
        try (loader) {
            ClassLoader previous = enter();
            try {
                handler.close();
            } finally {
                exit(previous);
            }
        }
    }

    @Override
    public String toString() {
        return handler.getClass().getName() + " (" + form + ")";
    }

    private void requireForm(HandlerForm expected, String instead) {
        if (form != expected) {
            throw new IllegalStateException(
                    handler.getClass().getName() + " is " + form + ": call " + instead);
        }
    }

    private ClassLoader enter() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (previous != loader) {
            thread.setContextClassLoader(loader);
        }
        return previous;
    }

    private void exit(ClassLoader previous) {
        if (previous != loader) {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
