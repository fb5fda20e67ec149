package io.kappareplay.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.schemas.manifest.SinkManifest;
import io.kappareplay.sink.options.SinkOptionKey;
import io.kappareplay.sink.options.SinkOptions;
import io.kappareplay.sink.pipeline.InjectedTaskFailure;
import io.kappareplay.sink.testing.EgressFixture;
import io.kappareplay.sink.testing.LandedAssertions;
import io.kappareplay.sink.testing.LandedParquet;
import io.kappareplay.sink.testing.SinkRuns;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A task fails after two completed checkpoints, while part files are open; Flink restarts the job
 * from its last checkpoint. Every row still lands exactly once: the files of the failed attempt
 * never become visible, and the rows after the checkpoint are read again.
 */
class FailureRecoveryIT {

    @Test
    void restartFromCheckpointLandsNoRowTwiceAndNoneMissing() throws Exception {
        EgressFixture fixture = new EgressFixture("recovery", 4, 100_000, 100);
        Path warehouse = SinkRuns.warehouse("recovery");
        URI root = warehouse.toUri();
        fixture.produce(root);
        SinkOptions options =
                SinkRuns.bounded(
                        fixture.job.jobId(),
                        root,
                        Map.of(SinkOptionKey.CHECKPOINT_INTERVAL, "300ms"));

        int failuresBefore = InjectedTaskFailure.fired();
        SinkManifest manifest =
                EgressSinkJob.run(options, Optional.of(new InjectedTaskFailure(2))).orElseThrow();

        assertThat(InjectedTaskFailure.fired() - failuresBefore)
                .as("failures injected")
                .isEqualTo(1);
        // The failed attempt's open part files are what it leaves behind; the completion removes
        // them.
        assertThat(manifest.orphansRemoved()).as("part files open at the failure").isPositive();
        LandedParquet egress =
                LandedParquet.read(warehouse.resolve("kappa/egress/job_id=" + fixture.job.jobId()));
        LandedParquet dlq =
                LandedParquet.read(warehouse.resolve("kappa/dlq/job_id=" + fixture.job.jobId()));
        LandedAssertions.egressExactlyOnce(fixture, egress);
        LandedAssertions.deadLettersLanded(fixture, dlq);
        LandedAssertions.manifestMatchesFiles(manifest, egress, dlq);
        // Checkpoints every 300 ms before and after the failure: more than one file per day.
        assertThat(egress.filesByDay.values().stream().mapToInt(Integer::intValue).sum())
                .isGreaterThan(egress.filesByDay.size());
    }
}
