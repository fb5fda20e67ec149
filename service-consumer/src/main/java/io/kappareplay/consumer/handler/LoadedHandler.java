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
 * <p>A handler loaded {@linkplain #isolated() from the class path} (no handler jars) has no loader
 * of its own: its calls run under the runtime's loader that defined it, and closing it leaves that
 * loader open, since the runtime still needs it. {@link #toString()} says {@code from the class
 * path} for it, so logs tell the two forms apart.
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

    /** The context class loader of every call: the one that loaded the handler. */
    private final ClassLoader loader;

    /** Closed with the handler; null when the handler came from the runtime's class path. */
    private final HandlerClassLoader ownLoader;

    private LoadedHandler(
            ReplayHandler handler,
            HandlerForm form,
            ClassLoader loader,
            HandlerClassLoader ownLoader) {
        this.handler = handler;
        this.form = form;
        this.loader = loader;
        this.ownLoader = ownLoader;
    }

    /** A handler from its own jars, whose loader it closes when it is closed. */
    static LoadedHandler isolated(
            ReplayHandler handler, HandlerForm form, HandlerClassLoader loader) {
        return new LoadedHandler(handler, form, loader, loader);
    }

    /** A handler from the runtime's class path, called under {@code runtime}, never closing it. */
    static LoadedHandler fromClassPath(
            ReplayHandler handler, HandlerForm form, ClassLoader runtime) {
        return new LoadedHandler(handler, form, runtime, null);
    }

    /** The handler's class, for logs and metrics tags. */
    public Class<? extends ReplayHandler> handlerClass() {
        return handler.getClass();
    }

    /**
     * Whether the handler runs in a class loader of its own, from its jars; false when it was
     * loaded from the runtime's class path and shares the runtime's libraries.
     */
    public boolean isolated() {
        return ownLoader != null;
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
     * Hands the job's resolved output schema to a handler that is {@link OutputSchemaAware}; does
     * nothing for any other.
     */
    public void useOutputSchema(Schema schema) {
        if (handler instanceof OutputSchemaAware aware) {
            ClassLoader previous = enter();
            try {
                aware.useOutputSchema(schema);
            } finally {
                exit(previous);
            }
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
     * Closes the handler, then its own class loader if it has one: in that order, since the
     * handler's {@code close} may still load classes from its jars. The loader is closed even if
     * the handler's {@code close} fails.
     *
     * @throws Exception whatever the handler's {@code close} throws
     */
    @Override
    public void close() throws Exception {
        // try-with-resources skips a null resource: a class-path handler has no loader to close.
        try (ownLoader) {
            ClassLoader previous = enter();
            try {
                handler.close();
            } finally {
                exit(previous);
            }
        }
    }

    /** {@code com.acme.PricingHandler (BLOCKING)}, or {@code (BLOCKING, from the class path)}. */
    @Override
    public String toString() {
        return handler.getClass().getName()
                + " ("
                + form
                + (isolated() ? "" : ", from the class path")
                + ")";
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
