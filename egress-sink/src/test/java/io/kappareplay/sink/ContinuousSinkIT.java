package io.kappareplay.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.sink.options.SinkMode;
import io.kappareplay.sink.options.SinkOptionKey;
import io.kappareplay.sink.options.SinkOptions;
import io.kappareplay.sink.testing.EgressFixture;
import io.kappareplay.sink.testing.LandedAssertions;
import io.kappareplay.sink.testing.LandedParquet;
import io.kappareplay.sink.testing.SinkRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.client.JobCancellationException;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;

/**
 * Continuous mode, in an in-process MiniCluster with a 1 s checkpoint interval: one job's topics
 * exist when the sink starts, the other's are created while it runs (found by the pattern's
 * partition discovery). Each job's rows become visible as committed Parquet files under its own
 * {@code job_id=} directory, exactly once, DLQ beside egress; then the sink is cancelled.
 */
class ContinuousSinkIT {
    private static final Duration LANDING_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void landsEveryJobMatchingThePatternUntilCancelled() throws Exception {
        // Other ITs' topics on the shared broker match the default pattern: this run's jobs share a
        // prefix, and the pattern takes only them (the default pattern is SinkOptionsTest's).
        String run = "cont-" + UUID.randomUUID().toString().substring(0, 6);
        EgressFixture before = new EgressFixture(run + "-a", 2, 3_000, 4);
        EgressFixture after = new EgressFixture(run + "-b", 3, 2_000, 3);
        Path warehouse = SinkRuns.warehouse("continuous");
        Path manifests = SinkRuns.warehouse("continuous-egress-json");
        before.produce(manifests.toUri());

        SinkOptions options =
                SinkOptions.from(
                        Map.of(
                                SinkOptionKey.MODE, SinkMode.CONTINUOUS.name().toLowerCase(),
                                SinkOptionKey.BOOTSTRAP_SERVERS,
                                        TestingKafka.shared().bootstrapServers(),
                                SinkOptionKey.REGISTRY_URL, TestingRegistry.shared().url(),
                                SinkOptionKey.WAREHOUSE, warehouse.toUri().toString(),
                                SinkOptionKey.TOPIC_PATTERN,
                                        "kappa\\." + run + "-[a-z0-9-]+\\.(egress|dlq)",
                                SinkOptionKey.CHECKPOINT_INTERVAL, "1s",
                                SinkOptionKey.GROUP_ID, "kappa.sink." + run),
                        Map.of("partition.discovery.interval.ms", "1000"),
                        Map.of());
        JobClient sink = EgressSinkJob.startContinuous(options, Optional.empty());
        try {
            after.produce(manifests.toUri());

            for (EgressFixture fixture : List.of(before, after)) {
                Path egressDirectory = table(warehouse, "egress", fixture);
                Path dlqDirectory = table(warehouse, "dlq", fixture);
                LandedParquet egress =
                        awaitRows(egressDirectory, fixture.egressRows, fixture.job.jobId());
                LandedParquet dlq =
                        awaitRows(dlqDirectory, fixture.deadLetters + 1, fixture.job.jobId());
                LandedAssertions.egressExactlyOnce(fixture, egress);
                LandedAssertions.deadLettersLanded(fixture, dlq);
                // Only bounded mode says "complete".
                assertThat(egress.successByDay.values()).containsOnly(false);
            }
            assertThat(Files.exists(Path.of(before.job.sinkManifest(warehouse.toUri())))).isFalse();
            assertThat(sink.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);

            // More checkpoints complete, and still no row lands twice.
            Thread.sleep(3_000);
            LandedAssertions.egressExactlyOnce(
                    before, LandedParquet.read(table(warehouse, "egress", before)));
            LandedAssertions.egressExactlyOnce(
                    after, LandedParquet.read(table(warehouse, "egress", after)));
        } finally {
            sink.cancel().get(1, TimeUnit.MINUTES);
        }
        try {
            sink.getJobExecutionResult().get(1, TimeUnit.MINUTES);
            throw new AssertionError("a cancelled continuous sink finished normally");
        } catch (ExecutionException e) {
            assertThat(ExceptionUtils.findThrowable(e, JobCancellationException.class))
                    .as("the job ended by the cancel: %s", e)
                    .isPresent();
        }
    }

    private static Path table(Path warehouse, String table, EgressFixture fixture) {
        return warehouse.resolve("kappa/" + table + "/job_id=" + fixture.job.jobId());
    }

    /** Waits until the committed (visible) files under {@code directory} hold {@code rows} rows. */
    private static LandedParquet awaitRows(Path directory, int rows, String job)
            throws InterruptedException {
        long deadline = System.nanoTime() + LANDING_TIMEOUT.toNanos();
        LandedParquet landed = LandedParquet.read(directory);
        while (landed.rows.size() < rows) {
            assertThat(System.nanoTime())
                    .as(
                            "job %s: %d of %d rows committed under %s within %s",
                            job, landed.rows.size(), rows, directory, LANDING_TIMEOUT)
                    .isLessThan(deadline);
            Thread.sleep(500);
            landed = LandedParquet.read(directory);
        }
        return landed;
    }
}
