package io.kappareplay.schemas.manifest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.kappareplay.schemas.naming.JobNames;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * {@code kappa/manifests/<job>/ingress.json}: what the publisher put on the ingress topic, read
 * back read_committed by the publisher, the ground truth reconciliation compares the landed tables
 * with. Every count, offset and checksum here comes from that read-back, none from what the tasks
 * reported; only the snapshot's rows and rejects are passed in.
 *
 * <pre>{@code
 * {"job": "orders", "topic": "kappa.orders.ingress", "snapshot": "2024-06-30T00:00:00Z",
 *  "source_snapshot_id": "8744736658442914487",
 *  "started_at": "2024-07-01T02:00:00Z", "finished_at": "2024-07-01T02:03:10Z",
 *  "source_rows": 30001, "rejects": 1, "records": 30000, "key_checksum": -2381151283216383042,
 *  "partitions": [{"partition": 0, "records": 301, "first_offset": 0, "last_offset": 302,
 *                  "end_offset": 304, "key_checksum": 4104718150711562351}, ...]}
 * }</pre>
 *
 * <p>{@code key_checksum} is the sum, mod 2^64, of the first 8 bytes of SHA-256 of each key's UTF-8
 * bytes read as a big-endian long, written as a signed 64-bit number (ARCHITECTURE.md); being a
 * sum, a key published twice shows, where an XOR would cancel it.
 *
 * @param job the job id
 * @param topic the ingress topic read back
 * @param snapshot the point-in-time instant of the snapshot
 * @param sourceSnapshotId the source table's snapshot id (an Iceberg snapshot), or null when the
 *     source has none
 * @param startedAt when the publisher started
 * @param finishedAt when the read-back ended
 * @param sourceRows rows of the point-in-time snapshot, the rejected ones included
 * @param rejects rows rejected with a reason instead of published
 * @param records committed records on the topic: the sum of the partitions' records
 * @param keyChecksum the sum, mod 2^64, of the partitions' key checksums
 * @param partitions every partition of the topic, in partition order
 */
public record IngressManifest(
        @JsonProperty("job") String job,
        @JsonProperty("topic") String topic,
        @JsonProperty("snapshot") Instant snapshot,
        @JsonProperty("source_snapshot_id") String sourceSnapshotId,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("source_rows") long sourceRows,
        @JsonProperty("rejects") long rejects,
        @JsonProperty("records") long records,
        @JsonProperty("key_checksum") long keyChecksum,
        @JsonProperty("partitions") List<PartitionSummary> partitions) {

    /** What the file is, in errors. */
    private static final String WHAT = "an ingress manifest (ingress.json)";

    /**
     * @throws IllegalArgumentException if a field is missing or out of range, or the totals are not
     *     the sums of the partitions (a manifest edited by hand)
     */
    public IngressManifest {
        JobNames.of(requireNonNull(job, "job"));
        requireNonNull(topic, "topic");
        requireNonNull(snapshot, "snapshot");
        requireNonNull(startedAt, "startedAt");
        requireNonNull(finishedAt, "finishedAt");
        partitions =
                requireNonNull(partitions, "partitions").stream()
                        .sorted(Comparator.comparingInt(PartitionSummary::partition))
                        .toList();
        if (sourceRows < 0 || rejects < 0 || rejects > sourceRows) {
            throw new IllegalArgumentException(
                    "Ingress manifest of "
                            + job
                            + ": source_rows "
                            + sourceRows
                            + " and rejects "
                            + rejects
                            + " are not valid; both are 0 or more, and rejects at most"
                            + " source_rows");
        }
        long partitionRecords = partitions.stream().mapToLong(PartitionSummary::records).sum();
        long partitionChecksum = checksumOf(partitions);
        if (records != partitionRecords || keyChecksum != partitionChecksum) {
            throw new IllegalArgumentException(
                    "Ingress manifest of "
                            + job
                            + ": the totals (records "
                            + records
                            + ", key_checksum "
                            + keyChecksum
                            + ") are not the sums of the partitions (records "
                            + partitionRecords
                            + ", key_checksum "
                            + partitionChecksum
                            + "); it was changed after the publisher wrote it");
        }
    }

    /**
     * The manifest of a publish run, its totals added up from {@code partitions} (the read-back's
     * summaries).
     */
    public static IngressManifest of(
            String job,
            Instant snapshot,
            String sourceSnapshotId,
            Instant startedAt,
            Instant finishedAt,
            long sourceRows,
            long rejects,
            List<PartitionSummary> partitions) {
        return new IngressManifest(
                job,
                JobNames.of(job).ingressTopic(),
                snapshot,
                sourceSnapshotId,
                startedAt,
                finishedAt,
                sourceRows,
                rejects,
                partitions.stream().mapToLong(PartitionSummary::records).sum(),
                checksumOf(partitions),
                partitions);
    }

    /** The sum of the key checksums; {@code long} addition wraps, which is the mod 2^64. */
    private static long checksumOf(List<PartitionSummary> partitions) {
        long sum = 0;
        for (PartitionSummary partition : partitions) {
            sum += partition.keyChecksum();
        }
        return sum;
    }

    /**
     * Records beyond one per accepted row: {@code records - (source_rows - rejects)}. 0 when every
     * accepted row was published once. Above 0: duplicates, from a task that committed and was
     * retried (see {@code PartitionPublisher}); the ledger names them, a lineage at two offsets.
     * Below 0: records missing.
     */
    @JsonIgnore
    public long surplusRecords() {
        return records - (sourceRows - rejects);
    }

    public String toJson() {
        return ManifestJson.write(this, WHAT);
    }

    /**
     * @throws java.io.UncheckedIOException if {@code json} is not an ingress manifest, naming what
     *     is wrong
     */
    public static IngressManifest fromJson(String json) {
        return ManifestJson.read(json, IngressManifest.class, WHAT);
    }

    /**
     * Writes the manifest to {@code out} and leaves it open: for file systems reached through
     * streams (Hadoop's {@code FileSystem.create}).
     */
    public void writeTo(OutputStream out) {
        ManifestJson.write(this, WHAT, out);
    }

    /** Writes the file atomically: a reader never sees half a manifest. */
    public void writeTo(Path file) {
        ManifestJson.write(this, WHAT, file);
    }
}
