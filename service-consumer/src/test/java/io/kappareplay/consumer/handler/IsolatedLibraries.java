package io.kappareplay.consumer.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The old Jackson and Guava jars the build copies for an isolated handler to bundle (the {@code
 * isolated-handler-libraries} execution in this module's pom), next to {@code test-classes}.
 */
final class IsolatedLibraries {

    private static final Path DIRECTORY =
            JarBuilder.jarOf(IsolatedLibraries.class).resolveSibling("isolated-handler/lib");

    private IsolatedLibraries() {}

    /** Every jar, sorted by name. */
    static List<Path> all() {
        try (Stream<Path> jars = Files.list(directory())) {
            return jars.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path jar(String fileName) {
        Path jar = directory().resolve(fileName);
        assertThat(jar).as("copied by the isolated-handler-libraries execution").isRegularFile();
        return jar;
    }

    private static Path directory() {
        assertThat(DIRECTORY)
                .as("run the build's generate-test-resources phase: it copies these jars")
                .isDirectory();
        return DIRECTORY;
    }
}
