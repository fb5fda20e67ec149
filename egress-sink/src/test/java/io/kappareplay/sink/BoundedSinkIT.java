package io.kappareplay.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.manifest.SinkManifest;
import io.kappareplay.sink.options.SinkConfigException;
import io.kappareplay.sink.options.SinkOptionKey;
import io.kappareplay.sink.options.SinkOptions;
import io.kappareplay.sink.rows.LineageColumns;
import io.kappareplay.sink.testing.EgressFixture;
import io.kappareplay.sink.testing.LandedAssertions;
import io.kappareplay.sink.testing.LandedParquet;
import io.kappareplay.sink.testing.SinkRuns;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * The bounded sink against the real broker: 100,000 egress records of transactions (with 0-output
 * markers, an aborted transaction and an undecodable value) and dead letters land exactly once,
 * with their lineage, and the run ends by itself although every partition ends in a transaction
 * marker.
 */
class BoundedSinkIT {

    @Test
    void landsEveryCommittedRecordOnceAndEndsAtMarkers() throws Exception {
        EgressFixture fixture = new EgressFixture("bounded", 4, 100_000, 250);
        Path warehouse = SinkRuns.warehouse("bounded");
        URI root = warehouse.toUri();
        EgressManifest egressJson = fixture.produce(root);
        SinkOptions options = SinkRuns.bounded(fixture.job.jobId(), root, Map.of());

        long started = System.nanoTime();
        SinkManifest manifest = EgressSinkJob.run(options, Optional.empty()).orElseThrow();
        System.out.printf(
                "bounded sink: %d egress + %d DLQ rows in %.1f s%n",
                manifest.egressRows(), manifest.dlqRows(), (System.nanoTime() - started) / 1e9);

        LandedParquet egress =
                LandedParquet.read(warehouse.resolve("kappa/egress/job_id=" + fixture.job.jobId()));
        LandedParquet dlq =
                LandedParquet.read(warehouse.resolve("kappa/dlq/job_id=" + fixture.job.jobId()));
        LandedAssertions.egressExactlyOnce(fixture, egress);
        LandedAssertions.deadLettersLanded(fixture, dlq);
        LandedAssertions.manifestMatchesFiles(manifest, egress, dlq);
        LandedAssertions.rowsInTheirDay(egress);
        LandedAssertions.rowsInTheirDay(dlq);
        assertThat(
                        Files.readString(
                                warehouse.resolve(
                                        "kappa/manifests/" + fixture.job.jobId() + "/sink.json")))
                .isEqualTo(manifest.toJson());

        // Default settings: one file per writer and day, not one per checkpoint.
        assertThat(egress.filesByDay.values()).allMatch(files -> files <= options.parallelism());

        // Every partition's last entry is a transaction marker (commit, or abort on partition 0):
        // the end offset lies beyond the last landed record + 1, and the run still finished.
        Map<Integer, Long> lastLanded = new HashMap<>();
        for (GenericRecord row : egress.rows) {
            lastLanded.merge(
                    (Integer) row.get(LineageColumns.KAFKA_PARTITION),
                    (Long) row.get(LineageColumns.KAFKA_OFFSET),
                    Math::max);
        }
        for (EgressManifest.PartitionEnd end : egressJson.egress().partitions()) {
            assertThat(end.endOffset()).isGreaterThan(lastLanded.get(end.partition()) + 1);
        }
        EgressManifest.PartitionEnd abortedLast = egressJson.egress().partitions().get(0);
        assertThat(abortedLast.endOffset()).isGreaterThan(lastLanded.get(0) + 500);

        // A second bounded run would land every row twice: it is refused, naming the fix.
        assertThatThrownBy(() -> EgressSinkJob.run(options, Optional.empty()))
                .isInstanceOf(SinkConfigException.class)
                .hasMessageContaining("already has")
                .hasMessageContaining("Delete both directories");
    }

    @Test
    void missingEgressManifestIsAClearError() {
        Path warehouse = SinkRuns.warehouse("no-manifest");
        SinkOptions options =
                SinkRuns.bounded(
                        "never-drained", warehouse.toUri(), Map.of(SinkOptionKey.PARALLELISM, "1"));
        assertThatThrownBy(() -> EgressSinkJob.run(options, Optional.empty()))
                .hasMessageContaining("no egress.json at")
                .hasMessageContaining("--egress-manifest");
    }
}
