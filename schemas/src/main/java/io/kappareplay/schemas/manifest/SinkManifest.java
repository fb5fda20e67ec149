package io.kappareplay.schemas.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
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
 * @param complete every committed record of every partition landed once: the landed rows (egress
 *     table plus DLQ table) equal its records, none twice, and none lay outside what the run read
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

    /** What the file is, in errors. */
    private static final String WHAT = "a sink manifest (sink.json)";

    /** One topic's partitions. */
    public record TopicRows(
            @JsonProperty("topic") String topic,
            @JsonProperty("partitions") List<PartitionRows> partitions) {}

    /**
     * One topic-partition: its end offset and committed records from {@code egress.json}, and the
     * rows landed from it in its own table ({@code rows}) and, for egress records that could not be
     * decoded, in the DLQ table ({@code dlq_rows}); what the topic held outside {@code [0,
     * end_offset)} (the sink reads it when it starts and ends); and rows that repeat an offset
     * already landed.
     *
     * @param startOffset the partition's earliest offset when the run started: above 0, records
     *     were deleted before the sink read them
     * @param committedAfterEnd committed records at or after {@code end_offset} once the run had
     *     finished: {@code egress.json} was written too early
     * @param duplicateRows rows whose Kafka offset another landed row already has
     */
    public record PartitionRows(
            @JsonProperty("partition") int partition,
            @JsonProperty("end_offset") long endOffset,
            @JsonProperty("records") long records,
            @JsonProperty("rows") long rows,
            @JsonProperty("dlq_rows") long dlqRows,
            @JsonProperty("start_offset") long startOffset,
            @JsonProperty("committed_after_end") long committedAfterEnd,
            @JsonProperty("duplicate_rows") long duplicateRows) {

        /** Every committed record of the partition landed, once. */
        public boolean complete() {
            return problems().isEmpty();
        }

        /** Why the partition is not complete, in words; empty when it is. */
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (rows + dlqRows != records) {
                problems.add(
                        (rows + dlqRows)
                                + " row(s) landed for the "
                                + records
                                + " committed record(s) egress.json counts below offset "
                                + endOffset);
            }
            if (startOffset > 0) {
                problems.add(
                        "its earliest offset was "
                                + startOffset
                                + " when the run started: the broker had deleted the records"
                                + " below it (retention.ms/retention.bytes or DeleteRecords)"
                                + " before they landed");
            }
            if (committedAfterEnd > 0) {
                problems.add(
                        committedAfterEnd
                                + " committed record(s) at or after end offset "
                                + endOffset
                                + ": egress.json was written before they committed");
            }
            if (duplicateRows > 0) {
                problems.add(duplicateRows + " row(s) repeat a Kafka offset already landed");
            }
            return problems;
        }
    }

    /** One {@code dt=} directory. */
    public record DayFiles(
            @JsonProperty("table") String table,
            @JsonProperty("dt") String dt,
            @JsonProperty("files") int files,
            @JsonProperty("rows") long rows) {}

    public String toJson() {
        return ManifestJson.write(this, WHAT);
    }

    /**
     * @throws java.io.UncheckedIOException if {@code json} is not a sink manifest, naming what is
     *     wrong
     */
    public static SinkManifest fromJson(String json) {
        return ManifestJson.read(json, SinkManifest.class, WHAT);
    }
}
