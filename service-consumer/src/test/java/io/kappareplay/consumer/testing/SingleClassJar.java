package io.kappareplay.consumer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Handler jars for the runtime ITs. */
public final class SingleClassJar {
    private SingleClassJar() {}

    /**
     * A jar holding only {@code type}'s class file, so its class loader takes the rest from ours.
     */
    public static Path of(Class<?> type, Path jar) throws IOException {
        String entry = type.getName().replace('.', '/') + ".class";
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
