package io.kappareplay.consumer.handler;

import static io.kappareplay.consumer.handler.JarBuilder.jarOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Strings;
import io.kappareplay.service.api.ReplayHandler;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.avro.Schema;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerClassLoaderTest {

    private static final ClassLoader RUNTIME = HandlerClassLoaderTest.class.getClassLoader();

    @TempDir Path tempDir;

    @Test
    void loadsClassesFromTheHandlersJarsBeforeTheRuntimes() throws Exception {
        Path oldGuava = IsolatedLibraries.jar("guava-31.1-jre.jar");
        try (HandlerClassLoader loader = new HandlerClassLoader(List.of(oldGuava), RUNTIME)) {
            Class<?> theirs = loader.loadClass(Strings.class.getName());

            assertThat(theirs).isNotSameAs(Strings.class);
            assertThat(theirs.getClassLoader()).isSameAs(loader);
            assertThat(jarOf(theirs)).isEqualTo(oldGuava);
        }
    }

    @Test
    void fallsBackToTheRuntimeForClassesTheHandlerLacks() throws Exception {
        Path oldGuava = IsolatedLibraries.jar("guava-31.1-jre.jar");
        try (HandlerClassLoader loader = new HandlerClassLoader(List.of(oldGuava), RUNTIME)) {
            assertThat(loader.loadClass(Assertions.class.getName())).isSameAs(Assertions.class);
        }
    }

    @Test
    void sharesTheServiceApiAvroAndTheJdkEvenWhenAHandlerJarBundlesThem() throws Exception {
        Path bundledAvro = Files.copy(jarOf(Schema.class), tempDir.resolve("bundled-avro.jar"));
        Path bundledApi =
                new JarBuilder()
                        .source(
                                "io.kappareplay.service.api.ReplayHandler",
                                "package io.kappareplay.service.api;"
                                        + " public interface ReplayHandler {}")
                        .writeTo(tempDir.resolve("bundled-api.jar"));

        try (HandlerClassLoader loader =
                new HandlerClassLoader(List.of(bundledApi, bundledAvro), RUNTIME)) {
            assertThat(loader.loadClass(ReplayHandler.class.getName()))
                    .isSameAs(ReplayHandler.class);
            assertThat(loader.loadClass(Schema.class.getName())).isSameAs(Schema.class);
            assertThat(loader.loadClass(DocumentBuilderFactory.class.getName()))
                    .isSameAs(DocumentBuilderFactory.class);
            assertThat(loader.getResource("org/apache/avro/Schema.class"))
                    .isEqualTo(RUNTIME.getResource("org/apache/avro/Schema.class"));
        }
    }

    @Test
    void findsResourcesInTheHandlersJarsFirst() throws Exception {
        Path handlerJar =
                new JarBuilder()
                        .entry("kappa-test-logging.xml", "<Configuration/>")
                        .writeTo(tempDir.resolve("handler.jar"));
        try (URLClassLoader runtime =
                        loaderWith(resourceJar("runtime.jar", "kappa-test-logging.xml"));
                HandlerClassLoader loader = new HandlerClassLoader(List.of(handlerJar), runtime)) {

            assertThat(jarPathOf(loader.getResource("kappa-test-logging.xml")))
                    .isEqualTo(handlerJar.toString());
            assertThat(Collections.list(loader.getResources("kappa-test-logging.xml")))
                    .extracting(HandlerClassLoaderTest::jarPathOf)
                    .containsExactly(
                            handlerJar.toString(), tempDir.resolve("runtime.jar").toString());
            assertThat(loader.getResource("only-in-the-runtime.txt")).isNotNull();
        }
    }

    @Test
    void findsTheHandlerRegistrationInTheHandlersJar() throws Exception {
        Path handlerJar =
                new JarBuilder()
                        .registers("com.acme.PricingReplayHandler")
                        .writeTo(tempDir.resolve("handler.jar"));
        try (HandlerClassLoader loader = new HandlerClassLoader(List.of(handlerJar), RUNTIME)) {
            assertThat(
                            jarPathOf(
                                    loader.getResource(
                                            "META-INF/services/" + ReplayHandler.class.getName())))
                    .isEqualTo(handlerJar.toString());
        }
    }

    /**
     * A library such as Jackson looks its plugins up with ServiceLoader; under a handler bundling
     * its own copy, the runtime's plugins implement a different copy of the type and would make
     * ServiceLoader fail.
     */
    @Test
    void leavesOutTheRuntimesRegistrationsOfAServiceTypeTheHandlerBringsItself() throws Exception {
        String pluginType = "package com.acme.plugin; public interface Plugin {}";
        Path runtimeJar =
                new JarBuilder()
                        .source("com.acme.plugin.Plugin", pluginType)
                        .source(
                                "com.acme.plugin.RuntimePlugin",
                                "package com.acme.plugin;"
                                        + " public class RuntimePlugin implements Plugin {}")
                        .services("com.acme.plugin.Plugin", "com.acme.plugin.RuntimePlugin")
                        .writeTo(tempDir.resolve("runtime.jar"));
        Path handlerBringingThePluginType =
                new JarBuilder()
                        .source("com.acme.plugin.Plugin", pluginType)
                        .source(
                                "com.acme.plugin.HandlerPlugin",
                                "package com.acme.plugin;"
                                        + " public class HandlerPlugin implements Plugin {}")
                        .services("com.acme.plugin.Plugin", "com.acme.plugin.HandlerPlugin")
                        .writeTo(tempDir.resolve("own-type.jar"));
        Path handlerUsingTheRuntimesPluginType =
                new JarBuilder()
                        .classpath(List.of(runtimeJar))
                        .source(
                                "com.acme.plugin.HandlerPlugin",
                                "package com.acme.plugin;"
                                        + " public class HandlerPlugin implements Plugin {}")
                        .services("com.acme.plugin.Plugin", "com.acme.plugin.HandlerPlugin")
                        .writeTo(tempDir.resolve("runtime-type.jar"));

        try (URLClassLoader runtime = loaderWith(runtimeJar);
                HandlerClassLoader ownType =
                        new HandlerClassLoader(List.of(handlerBringingThePluginType), runtime);
                HandlerClassLoader runtimeType =
                        new HandlerClassLoader(
                                List.of(handlerUsingTheRuntimesPluginType), runtime)) {
            assertThat(pluginsSeenBy(ownType)).containsExactly("com.acme.plugin.HandlerPlugin");
            assertThat(pluginsSeenBy(runtimeType))
                    .containsExactly(
                            "com.acme.plugin.HandlerPlugin", "com.acme.plugin.RuntimePlugin");
        }
    }

    private static List<String> pluginsSeenBy(ClassLoader loader) throws ClassNotFoundException {
        Class<?> type = loader.loadClass("com.acme.plugin.Plugin");
        return ServiceLoader.load(type, loader).stream()
                .map(provider -> provider.type().getName())
                .toList();
    }

    private Path resourceJar(String name, String resource) {
        return new JarBuilder()
                .entry(resource, "<Configuration/>")
                .entry("only-in-the-runtime.txt", "")
                .writeTo(tempDir.resolve(name));
    }

    private static URLClassLoader loaderWith(Path jar) throws IOException {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, RUNTIME);
    }

    /** The jar a {@code jar:file:/...!/entry} URL points into. */
    private static String jarPathOf(URL resource) {
        String spec = resource.getPath();
        return Path.of(URI.create(spec.substring(0, spec.indexOf("!/")))).toString();
    }
}
