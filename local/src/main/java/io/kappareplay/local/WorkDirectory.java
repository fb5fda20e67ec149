package io.kappareplay.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a fixture keeps its data and logs: under {@code -Dkappa.test.work-dir} when set (the build
 * points it at {@code target/kappa-it}, so the logs of a failed run stay for reading), else under
 * the system temp directory.
 */
final class WorkDirectory {
    private WorkDirectory() {}

    static Path create(String prefix) {
        try {
            String configured = System.getProperty("kappa.test.work-dir");
            if (configured == null || configured.isBlank()) {
                return Files.createTempDirectory(prefix);
            }
            Path parent = Path.of(configured);
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a work directory for " + prefix, e);
        }
    }

    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + directory, e);
        }
    }
}
