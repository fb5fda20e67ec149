package io.kappareplay.consumer.handler;

import static io.kappareplay.consumer.handler.TestInputs.context;
import static io.kappareplay.consumer.handler.TestInputs.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.service.api.ReplayContext;
import io.kappareplay.service.api.ReplayHandler;
import io.kappareplay.service.api.ReplayInput;
import io.kappareplay.service.api.ReplayOutput;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerLoaderTest {

    private static final String ECHO =
            """
            package com.acme;

            import io.kappareplay.service.api.*;
            import java.util.List;

            public class EchoHandler implements ReplayHandler {
                @Override
                public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) {
                    return List.of(ReplayOutput.keyed(input.key() + "-echo", input.value()));
                }
            }
            """;

    private static final String ASYNC_ECHO =
            """
            package com.acme;

            import io.kappareplay.service.api.*;
            import java.util.List;
            import java.util.concurrent.*;

            public class AsyncEchoHandler implements ReplayHandler {
                @Override
                public CompletionStage<List<ReplayOutput>> handleAsync(
                        ReplayInput input, ReplayContext context) {
                    return CompletableFuture.supplyAsync(
                            () -> List.of(ReplayOutput.keyed(input.key() + "-async", input.value())));
                }
            }
            """;

    private static final String NOT_A_HANDLER = "package com.acme; public class NotAHandler {}";

    private static final String CONFIGURED =
            """
            package com.acme;

            import io.kappareplay.service.api.*;
            import java.util.List;

            public class ConfiguredHandler implements ReplayHandler {
                public ConfiguredHandler(String endpoint) {}

                @Override
                public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) {
                    return List.of();
                }
            }
            """;

    private static final String FAILING_CONSTRUCTOR =
            """
            package com.acme;

            import io.kappareplay.service.api.*;
            import java.util.List;

            public class FailingConstructorHandler implements ReplayHandler {
                public FailingConstructorHandler() {
                    throw new IllegalStateException("rules table missing");
                }

                @Override
                public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) {
                    return List.of();
                }
            }
            """;

    private static final String NEITHER =
            "package com.acme; public class NeitherHandler implements"
                    + " io.kappareplay.service.api.ReplayHandler {}";

    @TempDir static Path tempDir;

    /** Handlers of every kind in one jar, none registered for ServiceLoader. */
    private static Path handlers;

    @BeforeAll
    static void buildHandlers() {
        handlers =
                new JarBuilder()
                        .source("com.acme.EchoHandler", ECHO)
                        .source("com.acme.AsyncEchoHandler", ASYNC_ECHO)
                        .source("com.acme.NotAHandler", NOT_A_HANDLER)
                        .source("com.acme.ConfiguredHandler", CONFIGURED)
                        .source("com.acme.FailingConstructorHandler", FAILING_CONSTRUCTOR)
                        .source("com.acme.NeitherHandler", NEITHER)
                        .writeTo(tempDir.resolve("handlers.jar"));
    }

    @Test
    void loadsTheNamedClassInItsOwnLoader() throws Exception {
        try (LoadedHandler handler =
                HandlerLoader.load(List.of(handlers), Optional.of("com.acme.EchoHandler"))) {
            assertThat(handler.handlerClass().getName()).isEqualTo("com.acme.EchoHandler");
            assertThat(handler.handlerClass().getClassLoader())
                    .isInstanceOf(HandlerClassLoader.class);
            assertThat(handler.isolated()).isTrue();
            assertThat(handler).hasToString("com.acme.EchoHandler (BLOCKING)");
            assertThat(handler.form()).isEqualTo(HandlerForm.BLOCKING);
            assertThat(handler.handle(order("k-1", "A-7"), context("k-1")))
                    .containsExactly(ReplayOutput.keyed("k-1-echo", order("k-1", "A-7").value()));
        }
    }

    @Test
    void detectsAnAsyncHandler() throws Exception {
        try (LoadedHandler handler =
                HandlerLoader.load(List.of(handlers), Optional.of("com.acme.AsyncEchoHandler"))) {
            assertThat(handler.form()).isEqualTo(HandlerForm.ASYNC);
            assertThat(handler.handleAsync(order("k-1", "A-7"), context("k-1")))
                    .succeedsWithin(Duration.ofSeconds(10))
                    .isEqualTo(
                            List.of(ReplayOutput.keyed("k-1-async", order("k-1", "A-7").value())));
        }
    }

    @Test
    void findsTheOneHandlerRegisteredInTheJars() throws Exception {
        Path registered =
                new JarBuilder()
                        .source("com.acme.EchoHandler", ECHO)
                        .registers("com.acme.EchoHandler")
                        .writeTo(tempDir.resolve("registered.jar"));

        try (LoadedHandler handler = HandlerLoader.load(List.of(registered), Optional.empty())) {
            assertThat(handler.handlerClass().getName()).isEqualTo("com.acme.EchoHandler");
        }
    }

    @Test
    void ignoresHandlersRegisteredOnTheRuntimesOwnClasspath() throws Exception {
        Path runtimeJar =
                new JarBuilder()
                        .source(
                                "com.acme.RuntimeHandler",
                                ECHO.replace("EchoHandler", "RuntimeHandler"))
                        .registers("com.acme.RuntimeHandler")
                        .writeTo(tempDir.resolve("runtime.jar"));
        Path registered =
                new JarBuilder()
                        .source("com.acme.EchoHandler", ECHO)
                        .registers("com.acme.EchoHandler")
                        .writeTo(tempDir.resolve("registered-beside-runtime.jar"));

        try (URLClassLoader runtime =
                new URLClassLoader(
                        new URL[] {runtimeJar.toUri().toURL()},
                        ReplayHandler.class.getClassLoader())) {
            try (LoadedHandler handler =
                    HandlerLoader.load(List.of(registered), Optional.empty(), runtime)) {
                assertThat(handler.handlerClass().getName()).isEqualTo("com.acme.EchoHandler");
            }
            assertThatThrownBy(
                            () -> HandlerLoader.load(List.of(handlers), Optional.empty(), runtime))
                    .isInstanceOf(HandlerLoadException.class)
                    .hasMessageEndingWith(
                            " (ignored, being on the runtime's own classpath:"
                                    + " com.acme.RuntimeHandler (in "
                                    + runtimeJar
                                    + "))");
        }
    }

    @Test
    void loadsTheNamedClassFromTheClassPathWhenNoJarsAreGiven() throws Exception {
        try (LoadedHandler handler =
                HandlerLoader.load(List.of(), Optional.of(ClassPathEchoHandler.class.getName()))) {
            assertThat(handler.handlerClass()).isSameAs(ClassPathEchoHandler.class);
            assertThat(handler.isolated()).isFalse();
            assertThat(handler)
                    .hasToString(
                            ClassPathEchoHandler.class.getName()
                                    + " (BLOCKING, from the class path)");
            assertThat(handler.handle(order("k-1", "A-7"), context("k-1")))
                    .containsExactly(
                            ReplayOutput.keyed("k-1-class-path", order("k-1", "A-7").value()));
        }
    }

    @Test
    void findsTheOneHandlerRegisteredOnTheClassPathWhenNoJarsAreGiven() throws Exception {
        Path runtimeJar =
                new JarBuilder()
                        .source(
                                "com.acme.RuntimeHandler",
                                ECHO.replace("EchoHandler", "RuntimeHandler"))
                        .registers("com.acme.RuntimeHandler")
                        .writeTo(tempDir.resolve("runtime-registered.jar"));

        try (URLClassLoader runtime =
                        new URLClassLoader(
                                new URL[] {runtimeJar.toUri().toURL()},
                                ReplayHandler.class.getClassLoader());
                LoadedHandler handler = HandlerLoader.load(List.of(), Optional.empty(), runtime)) {
            assertThat(handler.handlerClass().getName()).isEqualTo("com.acme.RuntimeHandler");
            assertThat(handler.handlerClass().getClassLoader()).isSameAs(runtime);
            assertThat(handler.isolated()).isFalse();
        }
    }

    @Test
    void refusesAClassThatIsNotOnTheClassPath() {
        assertThatThrownBy(() -> HandlerLoader.load(List.of(), Optional.of("com.acme.Missing")))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessage(
                        "Handler class com.acme.Missing not found on the runtime's class path:"
                                + " check service.handler for a typo, or put the jar that"
                                + " contains it on the runtime's class path, or pass the"
                                + " handler's jars with --handler-jars");
    }

    @Test
    void refusesAClassPathThatRegistersNoHandler() {
        assertThatThrownBy(() -> HandlerLoader.load(List.of(), Optional.empty()))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessage(
                        "No ReplayHandler registered on the runtime's class path: add"
                                + " META-INF/services/io.kappareplay.service.api.ReplayHandler"
                                + " naming the handler class to its jar, or name the class in the"
                                + " job spec's service.handler");
    }

    @Test
    void refusesAMissingJar() {
        Path missing = tempDir.resolve("pricing.jar");

        assertThatThrownBy(() -> HandlerLoader.load(List.of(handlers, missing), Optional.empty()))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessage(
                        "Handler jar "
                                + missing
                                + " does not exist: check the path, or build the handler's jar");
    }

    @Test
    void refusesAClassThatIsNotInTheJars() {
        assertThatThrownBy(
                        () ->
                                HandlerLoader.load(
                                        List.of(handlers), Optional.of("com.acme.Missing")))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessage(
                        "Handler class com.acme.Missing not found in ["
                                + handlers
                                + "]: check service.handler for a typo, or add the jar that"
                                + " contains it");
    }

    @Test
    void refusesAClassThatDoesNotImplementReplayHandler() {
        assertThatThrownBy(
                        () ->
                                HandlerLoader.load(
                                        List.of(handlers), Optional.of("com.acme.NotAHandler")))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessage(
                        "Handler class com.acme.NotAHandler from "
                                + handlers
                                + " does not implement io.kappareplay.service.api.ReplayHandler:"
                                + " name the service's adapter class that implements it");
    }

    @Test
    void refusesAHandlerWithoutANoArgumentConstructor() {
        assertThatThrownBy(
                        () ->
                                HandlerLoader.load(
                                        List.of(handlers),
                                        Optional.of("com.acme.ConfiguredHandler")))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessage(
                        "Handler class com.acme.ConfiguredHandler from "
                                + handlers
                                + " has no public no-argument constructor: add one (a nested"
                                + " class must be static), and read settings in"
                                + " open(HandlerConfig)");
    }

    @Test
    void reportsAHandlerWhoseConstructorFails() {
        assertThatThrownBy(
                        () ->
                                HandlerLoader.load(
                                        List.of(handlers),
                                        Optional.of("com.acme.FailingConstructorHandler")))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessage(
                        "Handler class com.acme.FailingConstructorHandler from "
                                + handlers
                                + " failed in its constructor: java.lang.IllegalStateException:"
                                + " rules table missing")
                .cause()
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAHandlerOverridingNeitherForm() {
        assertThatThrownBy(
                        () ->
                                HandlerLoader.load(
                                        List.of(handlers), Optional.of("com.acme.NeitherHandler")))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessageStartingWith(
                        "Handler class com.acme.NeitherHandler overrides neither handle nor"
                                + " handleAsync");
    }

    @Test
    void refusesAHandlerWhoseLibraryIsNotAmongTheJars() {
        Path library =
                new JarBuilder()
                        .source(
                                "com.acme.base.BaseHandler",
                                "package com.acme.base; public abstract class BaseHandler"
                                        + " implements io.kappareplay.service.api.ReplayHandler {}")
                        .writeTo(tempDir.resolve("base.jar"));
        Path handler =
                new JarBuilder()
                        .classpath(List.of(library))
                        .source(
                                "com.acme.DerivedHandler",
                                ECHO.replace(
                                        "EchoHandler implements ReplayHandler",
                                        "DerivedHandler extends com.acme.base.BaseHandler"))
                        .writeTo(tempDir.resolve("derived.jar"));

        assertThatThrownBy(
                        () ->
                                HandlerLoader.load(
                                        List.of(handler), Optional.of("com.acme.DerivedHandler")))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessage(
                        "Handler class com.acme.DerivedHandler from ["
                                + handler
                                + "] could not be loaded (java.lang.NoClassDefFoundError:"
                                + " com/acme/base/BaseHandler): add the jars of every library it"
                                + " needs, built for Java "
                                + Runtime.version().feature()
                                + " or older");
    }

    @Test
    void refusesJarsThatRegisterNoHandler() {
        assertThatThrownBy(() -> HandlerLoader.load(List.of(handlers), Optional.empty()))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessage(
                        "No ReplayHandler registered in ["
                                + handlers
                                + "]: add META-INF/services/io.kappareplay.service.api.ReplayHandler"
                                + " naming the handler class to its jar, or name the class in the"
                                + " job spec's service.handler");
    }

    @Test
    void refusesJarsThatRegisterSeveralHandlersListingThem() {
        Path echo =
                new JarBuilder()
                        .source("com.acme.EchoHandler", ECHO)
                        .registers("com.acme.EchoHandler")
                        .writeTo(tempDir.resolve("echo.jar"));
        Path asyncEcho =
                new JarBuilder()
                        .source("com.acme.AsyncEchoHandler", ASYNC_ECHO)
                        .registers("com.acme.AsyncEchoHandler")
                        .writeTo(tempDir.resolve("async-echo.jar"));

        assertThatThrownBy(() -> HandlerLoader.load(List.of(echo, asyncEcho), Optional.empty()))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessage(
                        "Several ReplayHandlers registered in ["
                                + echo
                                + ", "
                                + asyncEcho
                                + "]: com.acme.EchoHandler (in "
                                + echo
                                + "), com.acme.AsyncEchoHandler (in "
                                + asyncEcho
                                + "); name the one to run in the job spec's service.handler");
    }

    @Test
    void refusesARegistrationOfAClassThatIsNotThere() {
        Path broken =
                new JarBuilder()
                        .registers("com.acme.RenamedHandler")
                        .writeTo(tempDir.resolve("broken.jar"));

        assertThatThrownBy(() -> HandlerLoader.load(List.of(broken), Optional.empty()))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessageStartingWith(
                        "META-INF/services/io.kappareplay.service.api.ReplayHandler in ["
                                + broken
                                + "] names an unusable handler (")
                .hasMessageContaining("com.acme.RenamedHandler not found");
    }

    /** A handler on the test class path itself, as one built into the runtime's image would be. */
    public static final class ClassPathEchoHandler implements ReplayHandler {
        @Override
        public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) {
            return List.of(ReplayOutput.keyed(input.key() + "-class-path", input.value()));
        }
    }
}
