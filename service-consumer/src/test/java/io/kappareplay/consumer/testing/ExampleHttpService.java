package io.kappareplay.consumer.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The example service that is not Java, {@code examples/http-service/service.py}, run with {@code
 * python3} on a free loopback port. Skips the calling test, with a message saying why, when {@code
 * python3} is missing.
 */
public final class ExampleHttpService implements AutoCloseable {
    /** The example's folder: the service and its output schema {@code scored.avsc}. */
    public static final Path FOLDER =
            Path.of("..", "examples", "http-service").toAbsolutePath().normalize();

    private final Process process;
    private final String url;

    private ExampleHttpService(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    public static ExampleHttpService start() throws Exception {
        assumeTrue(
                python3Runs(),
                "python3 is not on the PATH: this test replays the example service in"
                        + " examples/http-service/service.py, which needs it");
        Process process =
                new ProcessBuilder(
                                "python3", FOLDER.resolve("service.py").toString(), "--port", "0")
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line =
                CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        return out.readLine();
                                    } catch (IOException e) {
                                        throw new IllegalStateException(e);
                                    }
                                })
                        .get(30, TimeUnit.SECONDS);
        assertThat(line).as("the service's first line").startsWith("listening on 127.0.0.1:");
        return new ExampleHttpService(
                process, "http://" + line.substring("listening on ".length()) + "/score");
    }

    /** Where the service answers: {@code http://127.0.0.1:<port>/score}. */
    public String url() {
        return url;
    }

    /** {@code TestJobSpecs.yaml(...)} with {@code service.output} set to the example's schema. */
    public static String withOutputSchema(String yaml, Class<?> handler) {
        String line = "  handler: " + handler.getName() + "\n";
        assertThat(yaml).contains(line);
        return yaml.replace(
                line, line + "  output:\n    avsc: " + FOLDER.resolve("scored.avsc") + "\n");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static boolean python3Runs() {
        try {
            Process version = new ProcessBuilder("python3", "--version").start();
            return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
