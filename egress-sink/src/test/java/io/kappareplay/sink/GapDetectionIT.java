package io.kappareplay.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.schemas.manifest.SinkManifest;
import io.kappareplay.sink.bounded.IncompleteLandingException;
import io.kappareplay.sink.testing.EgressFixture;
import io.kappareplay.sink.testing.LandedParquet;
import io.kappareplay.sink.testing.SinkRuns;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The bounded sink's zero-loss promise: a committed record that never landed fails the run, also
 * when {@code egress.json} agrees with what was landed. Each case below used to pass quietly: the
 * landed rows equal egress.json's records, partition by partition.
 */
class GapDetectionIT {

    /**
     * HdfsSinkIT's flake, made certain: the broker deletes the first records of a partition (there
     * a retention check; here DeleteRecords) and egress.json is counted afterwards, so it agrees
     * with the rows that are left.
     */
    @Test
    void recordsDeletedBeforeTheRunFailIt() throws Exception {
        EgressFixture fixture = new EgressFixture("gap-deleted", 2, 2_000, 5);
        Path local = SinkRuns.warehouse("gap-deleted");
        URI warehouse = local.toUri();
        fixture.produce(warehouse);
        try (Admin admin = Admin.create(new HashMap<>(TestingKafka.shared().clientProperties()))) {
            admin.deleteRecords(
                            Map.of(
                                    new TopicPartition(fixture.job.egressTopic(), 0),
                                    RecordsToDelete.beforeOffset(100)))
                    .all()
                    .get();
        }
        fixture.recountEgressManifest(warehouse);

        assertThatThrownBy(
                        () ->
                                EgressSinkJob.run(
                                        SinkRuns.bounded(fixture.job.jobId(), warehouse, Map.of()),
                                        Optional.empty()))
                .isInstanceOf(IncompleteLandingException.class)
                .hasMessageContaining(
                        fixture.job.egressTopic()
                                + "-0: its earliest offset was 100 when the run started");

        SinkManifest manifest = sinkManifest(fixture, local);
        assertThat(manifest.complete()).isFalse();
        SinkManifest.PartitionRows partition = manifest.egress().partitions().get(0);
        assertThat(partition.startOffset()).isEqualTo(100);
        assertThat(partition.rows() + partition.dlqRows())
                .as("the counts alone agree: the old check passed here")
                .isEqualTo(partition.records());
        assertThat(manifest.egress().partitions().get(1).complete()).isTrue();
        assertNoSuccess(fixture, local);
    }

    /** egress.json written before the job's last transaction committed. */
    @Test
    void committedRecordsAfterEgressJsonFailTheRun() throws Exception {
        EgressFixture fixture = new EgressFixture("gap-late", 2, 2_000, 5);
        Path local = SinkRuns.warehouse("gap-late");
        URI warehouse = local.toUri();
        fixture.produce(warehouse);
        fixture.appendCommitted(1, 7);

        assertThatThrownBy(
                        () ->
                                EgressSinkJob.run(
                                        SinkRuns.bounded(fixture.job.jobId(), warehouse, Map.of()),
                                        Optional.empty()))
                .isInstanceOf(IncompleteLandingException.class)
                .hasMessageContaining(
                        fixture.job.egressTopic() + "-1: 7 committed record(s) at or after");

        SinkManifest manifest = sinkManifest(fixture, local);
        assertThat(manifest.complete()).isFalse();
        SinkManifest.PartitionRows partition = manifest.egress().partitions().get(1);
        assertThat(partition.committedAfterEnd()).isEqualTo(7);
        assertThat(partition.rows() + partition.dlqRows()).isEqualTo(partition.records());
        assertThat(manifest.egress().partitions().get(0).complete()).isTrue();
        assertNoSuccess(fixture, local);
    }

    private static SinkManifest sinkManifest(EgressFixture fixture, Path local) throws Exception {
        return SinkManifest.fromJson(
                Files.readString(Path.of(fixture.job.sinkManifest(local.toUri()))));
    }

    private static void assertNoSuccess(EgressFixture fixture, Path local) {
        LandedParquet egress =
                LandedParquet.read(local.resolve("kappa/egress/job_id=" + fixture.job.jobId()));
        assertThat(egress.rows).isNotEmpty();
        assertThat(egress.successByDay.values()).containsOnly(false);
    }
}
