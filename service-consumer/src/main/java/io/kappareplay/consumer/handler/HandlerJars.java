package io.kappareplay.consumer.handler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The jars a handler loads from, checked before anything is loaded: each must be a readable jar, so
 * a wrong path fails at start with its name rather than as a missing class later.
 *
 * <pre>{@code
 * HandlerJars jars = HandlerJars.check(List.of(Path.of("/opt/handler/pricing.jar")));
 * }</pre>
 *
 * @param paths the jars, in search order
 * @param bundledSharedPackages per jar that bundles them, the packages of {@link
 *     HandlerClassLoader#SHARED_PACKAGES} it carries classes of (never loaded from there)
 */
record HandlerJars(List<Path> paths, Map<Path, Set<String>> bundledSharedPackages) {

    HandlerJars {
        paths = List.copyOf(paths);
        // In jar order, so warnings about them read in the order the jars were given.
        bundledSharedPackages =
                Collections.unmodifiableMap(new LinkedHashMap<>(bundledSharedPackages));
    }

    /**
     * Checks that every path is a jar and notes those bundling the service API or Avro. An empty
     * list is no error: {@link HandlerLoader} then loads the handler from the runtime's class path
     * and never asks for its jars.
     *
     * @throws HandlerLoadException naming the first path that is missing or not a jar
     */
    static HandlerJars check(List<Path> paths) {
        Map<Path, Set<String>> bundled = new LinkedHashMap<>();
        for (Path path : paths) {
            Set<String> packages = sharedPackagesIn(path);
            if (!packages.isEmpty()) {
                bundled.put(path, packages);
            }
        }
        return new HandlerJars(paths, bundled);
    }

    private static Set<String> sharedPackagesIn(Path path) {
        if (Files.isDirectory(path)) {
            throw new HandlerLoadException(
                    "Handler jar "
                            + describe(path)
                            + " is a directory: list the jars in it instead");
        }
        if (!Files.exists(path)) {
            throw new HandlerLoadException(
                    "Handler jar "
                            + describe(path)
                            + " does not exist: check the path, or build the handler's jar");
        }
        if (!Files.isReadable(path)) {
            throw new HandlerLoadException(
                    "Handler jar "
                            + describe(path)
                            + " is not readable: give the runtime's user read access to it");
        }
        Set<String> packages = new TreeSet<>();
        try (JarFile jar = new JarFile(path.toFile())) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                String entry = entries.nextElement().getName();
                if (entry.endsWith(".class")) {
                    for (String shared : HandlerClassLoader.SHARED_PACKAGES) {
                        if (entry.startsWith(shared.replace('.', '/'))) {
                            packages.add(shared.substring(0, shared.length() - 1));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new HandlerLoadException(
                    "Handler jar "
                            + describe(path)
                            + " is not a jar ("
                            + e.getMessage()
                            + "): pass the handler's .jar files, not its classes or sources",
                    e);
        }
        return packages;
    }

    /** A relative path with the absolute one it resolved to, the usual cause of a missing jar. */
    private static String describe(Path path) {
        return path.isAbsolute() ? path.toString() : path + " (" + path.toAbsolutePath() + ")";
    }
}
