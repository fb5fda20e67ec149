package io.kappareplay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildClasspathTest {

    @Test
    void resolvesEveryListedJarInTheMavenRepositoryPlusOurOwnClasses() {
        List<String> entries = Arrays.asList(ChildClasspath.resolve().split(File.pathSeparator));
        assertThat(entries).allSatisfy(entry -> assertThat(Path.of(entry)).exists());
        assertThat(entries).anyMatch(entry -> entry.contains("kafka_2.13-"));
        assertThat(entries).anyMatch(entry -> entry.contains("kafka-clients-"));
        assertThat(entries.get(0)).doesNotEndWith(".jar").contains("classes");
    }

    @Test
    void missingRepositoryIsNamedWithTheCommandThatFillsIt() throws Exception {
        Path empty = Files.createTempDirectory("empty-m2");
        String previous = System.getProperty("kappa.maven.repo");
        System.setProperty("kappa.maven.repo", empty.toString());
        try {
            assertThatThrownBy(ChildClasspath::resolve)
                    .hasMessageContaining("are missing")
                    .hasMessageContaining(empty.toString())
                    .hasMessageContaining("./mvnw -pl local package");
        } finally {
            if (previous == null) {
                System.clearProperty("kappa.maven.repo");
            } else {
                System.setProperty("kappa.maven.repo", previous);
            }
            Files.delete(empty);
        }
    }
}
