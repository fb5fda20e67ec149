package io.kappareplay.publisher.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kappareplay.publisher.IngressPublisherJob;
import io.kappareplay.publisher.manifest.IngressManifest;
import io.kappareplay.schemas.naming.JobNames;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code spark-app} jar run by a real {@code spark-submit} (the one the pyspark package
 * of Spark 4.0.0 ships) against the local broker and registry: no {@code --class}, the jar's
 * manifest names the job; exit code 0 and a manifest for a good spec, 2 for a bad flag. Skipped
 * where no {@code spark-submit} is found: after {@code pip install pyspark==4.0.0}, set {@code
 * SPARK_SUBMIT} to {@code <site-packages>/pyspark/bin/spark-submit} (the wrapper pip puts in a
 * virtualenv's {@code bin} needs that virtualenv's python first on the {@code PATH}), or put {@code
 * spark-submit} on the {@code PATH}.
 */
class SparkSubmitIT {
    private static final int ROWS = 1_000;

    @Test
    void sparkSubmitRunsTheShadedJar(@TempDir Path directory) throws Exception {
        Optional<Path> sparkSubmit = sparkSubmit();
        assumeTrue(
                sparkSubmit.isPresent(),
                "no spark-submit: set SPARK_SUBMIT or put pyspark's spark-submit on the PATH");
        Path jar = Path.of(System.getProperty("kappa.publisher.spark-app-jar"));
        assertThat(jar).exists();

        String source = directory.resolve("orders").toUri().toString();
        TestingSpark.session()
                .range(ROWS)
                .selectExpr(
                        "concat('order-', id) AS order_id",
                        "id AS seq",
                        "CAST(concat(CAST(id AS STRING), '.00') AS DECIMAL(12,2)) AS amount",
                        "timestamp_millis(1700000000000 + id * 1000) AS ordered_at",
                        "DATE'2024-01-01' AS day",
                        "'PLACED' AS status",
                        "CAST(NULL AS STRING) AS note")
                .write()
                .parquet(source);
        String jobId = "job-spark-submit";
        Path spec =
                PublisherRuns.spec(
                        directory,
                        jobId,
                        """
                          format: parquet
                          path: %s
                          key-column: order_id
                          point-in-time:
                            mode: latest-per-key
                            instant: 2024-01-01T00:00:00Z
                            version-column: ordered_at
                        """
                                .formatted(source),
                        IngressPublisherJobIT.ORDER,
                        "");

        Run published =
                submit(sparkSubmit.get(), jar, directory, "--spec", spec.toString(), "--replace");
        assertThat(published.code()).as(published.output()).isEqualTo(0);
        assertThat(published.output()).contains("[kappa-publisher " + jobId + "] read back 1000");
        assertThat(PublisherRuns.readCommitted(JobNames.of(jobId).ingressTopic())).hasSize(ROWS);
        IngressManifest manifest =
                IngressManifest.fromJson(
                        Files.readString(
                                Path.of(
                                        JobNames.of(jobId)
                                                .ingressManifest(
                                                        URI.create(
                                                                PublisherRuns.warehouse(
                                                                        directory))))));
        assertThat(manifest.records()).isEqualTo(ROWS);

        Run badFlag = submit(sparkSubmit.get(), jar, directory, "--spec", spec.toString(), "--x");
        assertThat(badFlag.code()).isEqualTo(IngressPublisherJob.EXIT_BAD_SPEC);
        assertThat(badFlag.output()).contains("Unknown flag '--x'");
    }

    private record Run(int code, String output) {}

    private static Run submit(Path sparkSubmit, Path jar, Path directory, String... arguments)
            throws Exception {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                sparkSubmit.toString(),
                                "--master",
                                "local[2]",
                                "--conf",
                                "spark.driver.host=127.0.0.1",
                                "--conf",
                                "spark.driver.bindAddress=127.0.0.1",
                                "--conf",
                                "spark.ui.enabled=false",
                                "--conf",
                                "spark.sql.shuffle.partitions=2",
                                jar.toString()));
        command.addAll(Arrays.asList(arguments));
        Path log = Files.createTempFile(directory, "spark-submit", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("spark-submit did not end within 5 minutes: " + command);
        }
        // Spark's INFO log: shown only by a failing assertion.
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Optional<Path> sparkSubmit() {
        String configured = System.getenv("SPARK_SUBMIT");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "spark-submit"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
