package io.kappareplay.schemas.manifest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * How every manifest is written and read: indented JSON, instants as ISO-8601 text, written so that
 * a reader never sees half a file. One place, so that ingress.json, egress.json and sink.json look
 * alike to the people and the tools that read them.
 */
final class ManifestJson {
    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {}

    /**
     * @param what what the manifest is, for errors: {@code an ingress manifest (ingress.json)}
     */
    static String write(Object manifest, String what) {
        try {
            return JSON.writeValueAsString(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the manifest to {@code out} and leaves it open: for file systems reached through
     * streams (Hadoop's {@code FileSystem.create}).
     */
    static void write(Object manifest, String what, OutputStream out) {
        try {
            JSON.writeValue(out, manifest);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + what + ": " + e.getMessage(), e);
        }
    }

    /** Writes the file beside a temporary copy and renames it into place. */
    static void write(Object manifest, String what, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, write(manifest, what));
            Files.move(
                    temporary,
                    file,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + what + " to " + file, e);
        }
    }

    /**
     * @throws UncheckedIOException if {@code json} is not such a manifest, naming what is wrong
     */
    static <T> T read(String json, Class<T> type, String what) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Not " + what + ": " + e.getMessage(), e);
        }
    }
}
