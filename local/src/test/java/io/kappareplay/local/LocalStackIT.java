package io.kappareplay.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar kappa-local.jar} as a user runs it: endpoints printed, clean stop on SIGTERM.
 */
class LocalStackIT {

    @Test
    void runnableJarStartsBothPrintsEndpointsAndStopsBothOnSigterm(@TempDir Path dataDirectory)
            throws Exception {
        Path jar = Path.of(System.getProperty("kappa.local.jar"));
        assertThat(jar).exists();
        Process launcher =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Dkappa.maven.repo=" + System.getProperty("kappa.maven.repo"),
                                "-jar",
                                jar.toString(),
                                "--data-dir",
                                dataDirectory.toString())
                        .redirectErrorStream(true)
                        .start();
        List<String> output = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                if (line.startsWith("Press Ctrl-C")) {
                    break;
                }
            }
            assertThat(output)
                    .as(String.join("\n", output))
                    .anyMatch(l -> l.startsWith("kafka:    127.0.0.1:"));
            assertThat(output).anyMatch(l -> l.startsWith("registry: http://127.0.0.1:"));

            Properties state = new Properties();
            try (var in = Files.newBufferedReader(dataDirectory.resolve(LocalStack.STATE_FILE))) {
                state.load(in);
            }
            long kafkaPid = Long.parseLong(state.getProperty("kafka.pid"));
            long registryPid = Long.parseLong(state.getProperty("registry.pid"));
            assertThat(ProcessHandle.of(kafkaPid))
                    .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            assertThat(state.getProperty("schema.registry.url")).startsWith("http://127.0.0.1:");
            assertThat(registryHttpStatus(state.getProperty("schema.registry.url") + "/subjects"))
                    .isEqualTo(200);

            // SIGTERM through the handle: Process.destroy() would also close our end of its output.
            launcher.toHandle().destroy();
            for (String rest = reader.readLine(); rest != null; rest = reader.readLine()) {
                output.add(rest);
            }
            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(output).contains("kappa-local: stopped");
            assertThat(ProcessHandle.of(kafkaPid).map(ProcessHandle::isAlive))
                    .isNotEqualTo(java.util.Optional.of(true));
            assertThat(ProcessHandle.of(registryPid).map(ProcessHandle::isAlive))
                    .isNotEqualTo(java.util.Optional.of(true));
            assertThat(dataDirectory.resolve(LocalStack.STATE_FILE)).doesNotExist();
        } finally {
            launcher.destroyForcibly();
        }
    }

    @Test
    void badFlagIsOneClearErrorAndExitCode2() throws Exception {
        Process launcher =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                System.getProperty("kappa.local.jar"),
                                "--kafka-port",
                                "99999")
                        .redirectErrorStream(true)
                        .start();
        String output =
                new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).isEqualTo(2);
        assertThat(output).contains("--kafka-port '99999' is not a port");
    }

    private static int registryHttpStatus(String url) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var response =
                client.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
        return response.statusCode();
    }
}
