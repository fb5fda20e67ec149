package io.kappareplay.schemas.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kappareplay.schemas.kafka.PartitionCount;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code egress.json}: where the egress and DLQ topics of a drained job end, per partition (the
 * read_committed end offset and the committed records below it). Written by whoever runs the job
 * lifecycle once the job is drained; the sink's bounded mode stops at these offsets.
 *
 * <pre>{@code
 * {"job": "orders", "drained_at": "2026-11-25T02:00:00Z",
 *  "egress": {"topic": "kappa.orders.egress", "partitions": [{"partition": 0, "end_offset": 12, "records": 11}]},
 *  "dlq":    {"topic": "kappa.orders.dlq",    "partitions": [...]}}
 * }</pre>
 */
public record EgressManifest(
        @JsonProperty("job") String job,
        @JsonProperty("drained_at") Instant drainedAt,
        @JsonProperty("egress") TopicEnd egress,
        @JsonProperty("dlq") TopicEnd dlq) {

    /** What the file is, in errors. */
    private static final String WHAT = "an egress manifest (egress.json)";

    public EgressManifest {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(drainedAt, "drainedAt");
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(dlq, "dlq");
    }

    /** One topic's end: its partitions in order. */
    public record TopicEnd(
            @JsonProperty("topic") String topic,
            @JsonProperty("partitions") List<PartitionEnd> partitions) {
        public TopicEnd {
            partitions = List.copyOf(partitions);
        }

        public static TopicEnd of(String topic, List<PartitionCount> counts) {
            return new TopicEnd(
                    topic,
                    counts.stream()
                            .map(c -> new PartitionEnd(c.partition(), c.endOffset(), c.records()))
                            .toList());
        }

        public long records() {
            return partitions.stream().mapToLong(PartitionEnd::records).sum();
        }
    }

    /** One partition's read_committed end offset and the committed records below it. */
    public record PartitionEnd(
            @JsonProperty("partition") int partition,
            @JsonProperty("end_offset") long endOffset,
            @JsonProperty("records") long records) {}

    public String toJson() {
        return ManifestJson.write(this, WHAT);
    }

    /**
     * @throws java.io.UncheckedIOException if {@code json} is not an egress manifest, naming what
     *     is wrong
     */
    public static EgressManifest fromJson(String json) {
        return ManifestJson.read(json, EgressManifest.class, WHAT);
    }

    /** Writes the file atomically: a reader never sees half a manifest. */
    public void writeTo(Path file) {
        ManifestJson.write(this, WHAT, file);
    }
}
