package io.kappareplay.consumer.handler;

import static io.kappareplay.consumer.handler.TestInputs.config;
import static io.kappareplay.consumer.handler.TestInputs.context;
import static io.kappareplay.consumer.handler.TestInputs.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.service.api.PermanentHandlerException;
import io.kappareplay.service.api.ReplayHandler;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadedHandlerTest {

    /** Records the context class loader of every call into static fields the test reads. */
    private static final String BLOCKING_PROBE =
            """
            package com.acme;

            import io.kappareplay.service.api.*;
            import java.util.List;

            public class BlockingProbe implements ReplayHandler {
                public static volatile ClassLoader constructed, opened, handled, closed;

                public BlockingProbe() {
                    constructed = Thread.currentThread().getContextClassLoader();
                }

                @Override
                public void open(HandlerConfig config) {
                    opened = Thread.currentThread().getContextClassLoader();
                }

                @Override
                public List<ReplayOutput> handle(ReplayInput input, ReplayContext context)
                        throws PermanentHandlerException {
                    handled = Thread.currentThread().getContextClassLoader();
                    if (input.key().equals("bad")) {
                        throw new PermanentHandlerException("unknown sku " + input.value().get("sku"));
                    }
                    return List.of(ReplayOutput.of(input.value()));
                }

                @Override
                public void close() {
                    closed = Thread.currentThread().getContextClassLoader();
                }
            }
            """;

    private static final String ASYNC_PROBE =
            """
            package com.acme;

            import io.kappareplay.service.api.*;
            import java.util.List;
            import java.util.Optional;
            import java.util.concurrent.*;
            import org.apache.avro.Schema;

            public class AsyncProbe implements ReplayHandler {
                public static volatile ClassLoader handled, declared;

                @Override
                public CompletionStage<List<ReplayOutput>> handleAsync(
                        ReplayInput input, ReplayContext context) {
                    handled = Thread.currentThread().getContextClassLoader();
                    if (input.key().equals("bad")) {
                        throw new IllegalStateException("client not connected");
                    }
                    return input.key().equals("null")
                            ? null
                            : CompletableFuture.completedFuture(List.of(ReplayOutput.of(input.value())));
                }

                @Override
                public Optional<Schema> outputSchema() {
                    declared = Thread.currentThread().getContextClassLoader();
                    return Optional.of(Schema.create(Schema.Type.STRING));
                }
            }
            """;

    /** Loads a class of its jar only when closed, as a shutdown path often does. */
    private static final String LATE_CLOSER =
            """
            package com.acme;

            import io.kappareplay.service.api.*;
            import java.util.List;

            public class LateCloser implements ReplayHandler {
                public static volatile String closedWith;

                @Override
                public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) {
                    return List.of();
                }

                @Override
                public void close() {
                    closedWith = new ShutdownReport().toString();
                }
            }
            """;

    private static final String SHUTDOWN_REPORT =
            """
            package com.acme;

            public class ShutdownReport {
                @Override
                public String toString() {
                    return "drained";
                }
            }
            """;

    private static final String FAILING_CLOSER =
            """
            package com.acme;

            import io.kappareplay.service.api.*;
            import java.util.List;

            public class FailingCloser implements ReplayHandler {
                @Override
                public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) {
                    return List.of();
                }

                @Override
                public void close() {
                    throw new IllegalStateException("pool did not stop");
                }
            }
            """;

    @TempDir static Path tempDir;

    private static Path handlers;

    /** Stands for the runtime's own context loader, which every call must put back. */
    private final ClassLoader runtimeContext = new ClassLoader("runtime-context", null) {};

    private ClassLoader previousContext;

    @BeforeAll
    static void buildHandlers() {
        handlers =
                new JarBuilder()
                        .source("com.acme.BlockingProbe", BLOCKING_PROBE)
                        .source("com.acme.AsyncProbe", ASYNC_PROBE)
                        .source("com.acme.LateCloser", LATE_CLOSER)
                        .source("com.acme.ShutdownReport", SHUTDOWN_REPORT)
                        .source("com.acme.FailingCloser", FAILING_CLOSER)
                        .writeTo(tempDir.resolve("handlers.jar"));
    }

    @BeforeEach
    void setRuntimeContext() {
        previousContext = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(runtimeContext);
    }

    @AfterEach
    void restoreContext() {
        Thread.currentThread().setContextClassLoader(previousContext);
    }

    @Test
    void callsTheHandlerUnderItsOwnContextLoaderAndPutsOursBack() throws Exception {
        LoadedHandler handler = load("com.acme.BlockingProbe");
        ClassLoader handlerLoader = handler.handlerClass().getClassLoader();
        assertThat(seen(handler, "constructed")).isSameAs(handlerLoader);
        assertThat(currentContext()).isSameAs(runtimeContext);

        handler.open(config());
        assertThat(seen(handler, "opened")).isSameAs(handlerLoader);
        assertThat(currentContext()).isSameAs(runtimeContext);

        assertThat(handler.handle(order("k-1", "A-7"), context("k-1")))
                .hasSize(1)
                .allSatisfy(output -> assertThat(output.value().get("sku")).isEqualTo("A-7"));
        assertThat(seen(handler, "handled")).isSameAs(handlerLoader);
        assertThat(currentContext()).isSameAs(runtimeContext);

        handler.close();
        assertThat(seen(handler, "closed")).isSameAs(handlerLoader);
        assertThat(currentContext()).isSameAs(runtimeContext);
    }

    @Test
    void putsOurContextLoaderBackWhenTheHandlerThrows() throws Exception {
        try (LoadedHandler handler = load("com.acme.BlockingProbe")) {
            assertThatThrownBy(() -> handler.handle(order("bad", "Z-0"), context("bad")))
                    .isExactlyInstanceOf(PermanentHandlerException.class)
                    .hasMessage("unknown sku Z-0");
            assertThat(currentContext()).isSameAs(runtimeContext);
        }
    }

    @Test
    void callsAnAsyncHandlerUnderItsOwnContextLoader() throws Exception {
        try (LoadedHandler handler = load("com.acme.AsyncProbe")) {
            ClassLoader handlerLoader = handler.handlerClass().getClassLoader();

            assertThat(handler.handleAsync(order("k-1", "A-7"), context("k-1")))
                    .succeedsWithin(Duration.ofSeconds(10))
                    .satisfies(outputs -> assertThat(outputs).hasSize(1));
            assertThat(seen(handler, "handled")).isSameAs(handlerLoader);
            assertThat(currentContext()).isSameAs(runtimeContext);

            assertThat(handler.outputSchema()).isPresent();
            assertThat(seen(handler, "declared")).isSameAs(handlerLoader);
            assertThat(currentContext()).isSameAs(runtimeContext);
        }
    }

    @Test
    void turnsAnAsyncHandlerThrowingOrReturningNullIntoAFailedStage() throws Exception {
        try (LoadedHandler handler = load("com.acme.AsyncProbe")) {
            assertThat(handler.handleAsync(order("bad", "Z-0"), context("bad")))
                    .failsWithin(Duration.ofSeconds(10))
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOf(IllegalStateException.class)
                    .withMessage("client not connected");
            assertThat(handler.handleAsync(order("null", "Z-0"), context("null")))
                    .failsWithin(Duration.ofSeconds(10))
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOf(NullPointerException.class)
                    .withMessage(
                            "com.acme.AsyncProbe.handleAsync returned null instead of a stage");
            assertThat(currentContext()).isSameAs(runtimeContext);
        }
    }

    @Test
    void refusesACallInTheOtherForm() throws Exception {
        try (LoadedHandler blocking = load("com.acme.BlockingProbe");
                LoadedHandler async = load("com.acme.AsyncProbe")) {
            assertThatThrownBy(() -> blocking.handleAsync(order("k-1", "A-7"), context("k-1")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("com.acme.BlockingProbe is BLOCKING: call handle");
            assertThatThrownBy(() -> async.handle(order("k-1", "A-7"), context("k-1")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("com.acme.AsyncProbe is ASYNC: call handleAsync");
        }
    }

    @Test
    void closesTheHandlerThenItsClassLoader() throws Exception {
        LoadedHandler handler = load("com.acme.LateCloser");
        ClassLoader handlerLoader = handler.handlerClass().getClassLoader();

        handler.close();

        assertThat(handler.handlerClass().getField("closedWith").get(null)).isEqualTo("drained");
        assertThatThrownBy(() -> handlerLoader.loadClass("com.acme.FailingCloser"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void closesTheClassLoaderEvenWhenTheHandlersCloseFails() throws Exception {
        LoadedHandler handler = load("com.acme.FailingCloser");
        ClassLoader handlerLoader = handler.handlerClass().getClassLoader();

        assertThatThrownBy(handler::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("pool did not stop");
        assertThatThrownBy(() -> handlerLoader.loadClass("com.acme.LateCloser"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(currentContext()).isSameAs(runtimeContext);
    }

    @Test
    void aHandlerFromTheClassPathRunsUnderTheRuntimesLoaderAndLeavesItOpen() throws Exception {
        try (URLClassLoader runtime =
                new URLClassLoader(
                        new URL[] {handlers.toUri().toURL()},
                        ReplayHandler.class.getClassLoader())) {
            LoadedHandler handler =
                    HandlerLoader.load(List.of(), Optional.of("com.acme.BlockingProbe"), runtime);
            assertThat(handler.isolated()).isFalse();
            assertThat(handler)
                    .hasToString("com.acme.BlockingProbe (BLOCKING, from the class path)");
            assertThat(seen(handler, "constructed")).isSameAs(runtime);

            handler.open(config());
            assertThat(seen(handler, "opened")).isSameAs(runtime);
            assertThat(currentContext()).isSameAs(runtimeContext);

            handler.close();
            assertThat(seen(handler, "closed")).isSameAs(runtime);
            assertThat(currentContext()).isSameAs(runtimeContext);
            // The runtime's own loader is not the handler's to close: it still loads classes.
            assertThat(runtime.loadClass("com.acme.LateCloser")).isNotNull();
        }
    }

    private static LoadedHandler load(String className) {
        return HandlerLoader.load(List.of(handlers), Optional.of(className));
    }

    private static Object seen(LoadedHandler handler, String call)
            throws ReflectiveOperationException {
        return handler.handlerClass().getField(call).get(null);
    }

    private static ClassLoader currentContext() {
        return Thread.currentThread().getContextClassLoader();
    }
}
