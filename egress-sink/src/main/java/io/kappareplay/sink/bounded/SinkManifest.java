package io.kappareplay.sink.bounded;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * {@code sink.json}: what a bounded run committed, read back from the landed files, beside what
 * {@code egress.json} says the topics held. Written once, after the final commit: its presence is
 * the "replay complete" signal.
 *
 * <pre>{@code
 * {"job": "orders", "complete": true, "egress_rows": 99990, "dlq_rows": 11, ...,
 *  "egress": {"topic": "kappa.orders.egress", "partitions": [
 *      {"partition": 0, "end_offset": 25120, "records": 25001, "rows": 25000, "dlq_rows": 1}]},
 *  "dlq": {...}, "days": [{"table": "egress", "dt": "2026-11-24", "files": 2, "rows": 99990}]}
 * }</pre>
 *
 * @param complete every partition's landed rows (egress table plus DLQ table) equal its records
 * @param orphansRemoved hidden part files of failed attempts that were deleted
 */
public record SinkManifest(
        @JsonProperty("job") String job,
        @JsonProperty("written_at") Instant writtenAt,
        @JsonProperty("egress_manifest") String egressManifest,
        @JsonProperty("complete") boolean complete,
        @JsonProperty("egress_rows") long egressRows,
        @JsonProperty("dlq_rows") long dlqRows,
        @JsonProperty("egress") TopicRows egress,
        @JsonProperty("dlq") TopicRows dlq,
        @JsonProperty("days") List<DayFiles> days,
        @JsonProperty("orphans_removed") int orphansRemoved) {

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(SerializationFeature.INDENT_OUTPUT);

    /** One topic's partitions. */
    public record TopicRows(
            @JsonProperty("topic") String topic,
            @JsonProperty("partitions") List<PartitionRows> partitions) {}

    /**
     * One topic-partition: its end offset and committed records from {@code egress.json}, and the
     * rows landed from it in its own table ({@code rows}) and, for egress records that could not be
     * decoded, in the DLQ table ({@code dlq_rows}).
     */
    public record PartitionRows(
            @JsonProperty("partition") int partition,
            @JsonProperty("end_offset") long endOffset,
            @JsonProperty("records") long records,
            @JsonProperty("rows") long rows,
            @JsonProperty("dlq_rows") long dlqRows) {
        public boolean complete() {
            return rows + dlqRows == records;
        }
    }

    /** One {@code dt=} directory. */
    public record DayFiles(
            @JsonProperty("table") String table,
            @JsonProperty("dt") String dt,
            @JsonProperty("files") int files,
            @JsonProperty("rows") long rows) {}

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the sink manifest of " + job, e);
        }
    }

    public static SinkManifest fromJson(String json) {
        try {
            return JSON.readValue(json, SinkManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a sink manifest (sink.json): " + e.getMessage(), e);
        }
    }
}
