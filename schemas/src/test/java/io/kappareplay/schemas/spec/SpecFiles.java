package io.kappareplay.schemas.spec;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The sample specs under {@code src/test/resources/specs}. */
final class SpecFiles {

    private SpecFiles() {}

    static Path valid(String name) {
        return resource("/specs/valid/" + name + ".yaml");
    }

    static Path invalid(String name) {
        return resource("/specs/invalid/" + name + ".yaml");
    }

    private static Path resource(String name) {
        URL url = SpecFiles.class.getResource(name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
