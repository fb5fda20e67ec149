package io.kappareplay.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath of the broker and registry child JVMs. This module's own classes plus every jar the
 * build listed in {@value #RESOURCE}: the module's {@code provided} dependencies, written relative
 * to the Maven repository ({@value #REPOSITORY_TOKEN}) so the list holds wherever that repository
 * has them.
 */
final class ChildClasspath {
    static final String RESOURCE = "META-INF/kappa-local/child.classpath";
    static final String REPOSITORY_TOKEN = "@M2@";

    private ChildClasspath() {}

    static String resolve() {
        Path repository = mavenRepository();
        List<String> entries = new ArrayList<>();
        entries.add(ownLocation().toString());
        List<Path> missing = new ArrayList<>();
        for (String entry : listedEntries()) {
            Path path = Path.of(entry.replace(REPOSITORY_TOKEN, repository.toString()));
            if (!Files.exists(path)) {
                missing.add(path);
            }
            entries.add(path.toString());
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    missing.size()
                            + " jar(s) of the broker/registry classpath are missing, e.g. "
                            + missing.get(0)
                            + ". They come from the Maven repository "
                            + repository
                            + ": run './mvnw -pl local package' to download them, or point"
                            + " -Dkappa.maven.repo (or -Dmaven.repo.local or KAPPA_MAVEN_REPO) at the repository that"
                            + " has them.");
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    static Path mavenRepository() {
        String configured = System.getProperty("kappa.maven.repo");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("maven.repo.local");
        }
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("KAPPA_MAVEN_REPO");
        }
        if (configured == null || configured.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".m2", "repository");
        }
        return Path.of(configured);
    }

    private static List<String> listedEntries() {
        try (InputStream in = ChildClasspath.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        RESOURCE
                                + " is not on the classpath: kappa-local was not built by Maven;"
                                + " run './mvnw -pl local package'.");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            List<String> entries = new ArrayList<>();
            for (String entry : text.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.add(entry.trim());
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** The jar or classes directory this class was loaded from: the children run our code too. */
    private static Path ownLocation() {
        try {
            return Path.of(
                    ChildClasspath.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the kappa-local classes", e);
        }
    }
}
