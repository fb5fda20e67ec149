package io.kappareplay.consumer.handler;

import static io.kappareplay.consumer.handler.JarBuilder.jarOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerJarsTest {

    @TempDir Path tempDir;

    @Test
    void refusesAMissingJarNamingIt() {
        Path missing = tempDir.resolve("pricing.jar");

        assertThatThrownBy(() -> HandlerJars.check(List.of(missing)))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessage(
                        "Handler jar "
                                + missing
                                + " does not exist: check the path, or build the handler's jar");
    }

    @Test
    void namesTheAbsolutePathOfAMissingRelativeOne() {
        Path relative = Path.of("lib", "pricing.jar");

        assertThatThrownBy(() -> HandlerJars.check(List.of(relative)))
                .hasMessageContaining(
                        "Handler jar " + relative + " (" + relative.toAbsolutePath() + ")");
    }

    @Test
    void refusesADirectory() {
        assertThatThrownBy(() -> HandlerJars.check(List.of(tempDir)))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessage(
                        "Handler jar " + tempDir + " is a directory: list the jars in it instead");
    }

    @Test
    void refusesAFileThatIsNotAJar() throws Exception {
        Path notAJar = Files.writeString(tempDir.resolve("Pricing.java"), "class Pricing {}");

        assertThatThrownBy(() -> HandlerJars.check(List.of(notAJar)))
                .isInstanceOf(HandlerLoadException.class)
                .hasMessageStartingWith("Handler jar " + notAJar + " is not a jar (")
                .hasMessageEndingWith(
                        "): pass the handler's .jar files, not its classes or sources");
    }

    @Test
    void notesJarsThatBundleAvroOrTheServiceApi() throws Exception {
        Path avro = Files.copy(jarOf(Schema.class), tempDir.resolve("avro.jar"));
        Path fatJar =
                new JarBuilder()
                        .source(
                                "io.kappareplay.service.api.Marker",
                                "package io.kappareplay.service.api; public interface Marker {}")
                        .source(
                                "org.apache.avro.Marker",
                                "package org.apache.avro; public interface Marker {}")
                        .writeTo(tempDir.resolve("pricing-all.jar"));
        Path guava = IsolatedLibraries.jar("guava-31.1-jre.jar");

        HandlerJars jars = HandlerJars.check(List.of(fatJar, guava, avro));

        assertThat(jars.paths()).containsExactly(fatJar, guava, avro);
        assertThat(jars.bundledSharedPackages())
                .isEqualTo(
                        Map.of(
                                fatJar, Set.of("io.kappareplay.service.api", "org.apache.avro"),
                                avro, Set.of("org.apache.avro")));
    }
}
