package io.kappareplay.local.child;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;

/**
 * The child's half of the readiness handshake: once it serves requests, a child writes its facts
 * (bound port, endpoints) as a properties file. The launcher waits for the file, never for time.
 * The file appears atomically, so the launcher never reads a half-written one.
 */
public final class ReadyFile {
    private ReadyFile() {}

    public static void write(Path path, Map<String, String> facts) {
        Properties properties = new Properties();
        properties.putAll(facts);
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(writer, "ready");
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the ready file " + path, e);
        }
    }
}
