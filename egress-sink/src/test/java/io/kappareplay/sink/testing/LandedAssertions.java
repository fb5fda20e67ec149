package io.kappareplay.sink.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.schemas.manifest.SinkManifest;
import io.kappareplay.sink.rows.LineageColumns;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;

/** What every run of the fixture's job must have landed, whatever happened on the way. */
public final class LandedAssertions {
    private LandedAssertions() {}

    /** The egress table holds each produced output once, with the right lineage and payload. */
    public static void egressExactlyOnce(EgressFixture fixture, LandedParquet egress) {
        assertThat(egress.rows).hasSize(fixture.egressRows);
        Set<String> identities = new HashSet<>();
        long markers = 0;
        for (GenericRecord row : egress.rows) {
            int partition = (Integer) row.get(LineageColumns.INGRESS_PARTITION);
            long offset = (Long) row.get(LineageColumns.INGRESS_OFFSET);
            int index = (Integer) row.get(LineageColumns.OUTPUT_INDEX);
            int count = (Integer) row.get(LineageColumns.OUTPUT_COUNT);
            identities.add(partition + "/" + offset + "/" + index);
            assertThat(offset)
                    .as("aborted outputs never land")
                    .isLessThan(EgressFixture.ABORTED_OFFSETS);
            assertThat(row.get(LineageColumns.JOB_ID).toString()).isEqualTo(fixture.job.jobId());
            assertThat(row.get(LineageColumns.RECORD_KEY).toString())
                    .isEqualTo(EgressFixture.recordKey(partition, offset));
            assertThat(row.get(LineageColumns.KAFKA_PARTITION)).isEqualTo(partition);
            assertThat(count).isEqualTo(EgressFixture.outputCount(offset));
            long processedAt = (Long) row.get(LineageColumns.PROCESSED_AT);
            assertThat(processedAt).isGreaterThanOrEqualTo(EgressFixture.START.toEpochMilli());
            if (count == 0) {
                markers++;
                assertThat(index).isZero();
                assertThat(row.get("order_id")).isNull();
                assertThat(row.get("score")).isNull();
            } else {
                assertThat(row.get("order_id").toString())
                        .isEqualTo(EgressFixture.orderId(partition, offset));
                assertThat((Double) row.get("score")).isEqualTo(EgressFixture.score(offset, index));
                assertThat(row.get("label") == null ? null : row.get("label").toString())
                        .isEqualTo(index == 1 ? "second" : null);
            }
        }
        assertThat(identities)
                .as("distinct (ingress partition, offset, output index)")
                .hasSize(fixture.egressRows);
        assertThat(markers).as("0-output markers").isGreaterThan(fixture.egressRows / 20);
        // Every row sits in the dt directory of its processed_at (UTC); a fixture of over 43,200
        // inputs (one second apart from noon) spans two days.
        rowsInTheirDay(egress);
        if (fixture.egressRows >= 50_000) {
            assertThat(egress.filesByDay.keySet()).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    /** The DLQ table: every dead letter, plus the one undecodable egress record. */
    public static void deadLettersLanded(EgressFixture fixture, LandedParquet dlq) {
        assertThat(dlq.rows).hasSize(fixture.deadLetters + 1);
        List<GenericRecord> undecodable =
                dlq.rows.stream()
                        .filter(
                                row ->
                                        row.get("source_topic")
                                                .toString()
                                                .equals(fixture.job.egressTopic()))
                        .toList();
        assertThat(undecodable).hasSize(1);
        GenericRecord corrupt = undecodable.get(0);
        assertThat(corrupt.get("error_stage").toString()).isEqualTo("sink-decode");
        assertThat(corrupt.get("error_class").toString()).contains("CorruptPayloadException");
        assertThat(bytes(corrupt.get("value"))).isEqualTo(EgressFixture.CORRUPT_VALUE);
        for (GenericRecord row : dlq.rows) {
            if (row == corrupt) {
                continue;
            }
            long offset = (Long) row.get(LineageColumns.INGRESS_OFFSET);
            assertThat(row.get("source_topic").toString()).isEqualTo(fixture.job.dlqTopic());
            assertThat(new String(bytes(row.get("value")))).isEqualTo("raw-input-" + offset);
            assertThat(row.get("error_class").toString()).isEqualTo("com.example.PricingException");
            assertThat(row.get("error_message").toString()).isEqualTo("no price for " + offset);
            assertThat(row.get("error_stage").toString()).isEqualTo("handle");
            assertThat(row.get("error_http_status")).isEqualTo(offset % 2 == 0 ? 503 : null);
            assertThat(row.get("attempts")).isEqualTo(1);
        }
    }

    /** sink.json says what the files hold, per topic-partition, and that it is complete. */
    public static void manifestMatchesFiles(
            SinkManifest manifest, LandedParquet egress, LandedParquet dlq) {
        assertThat(manifest.complete()).isTrue();
        assertThat(manifest.egressRows()).isEqualTo(egress.rows.size());
        assertThat(manifest.dlqRows()).isEqualTo(dlq.rows.size());
        Map<Integer, Long> egressByPartition = countByPartition(egress.rows, null);
        Map<Integer, Long> undecodableByPartition =
                countByPartition(dlq.rows, manifest.egress().topic());
        Map<Integer, Long> dlqByPartition = countByPartition(dlq.rows, manifest.dlq().topic());
        for (SinkManifest.PartitionRows partition : manifest.egress().partitions()) {
            assertThat(partition.rows())
                    .isEqualTo(egressByPartition.getOrDefault(partition.partition(), 0L));
            assertThat(partition.dlqRows())
                    .isEqualTo(undecodableByPartition.getOrDefault(partition.partition(), 0L));
            assertThat(partition.rows() + partition.dlqRows()).isEqualTo(partition.records());
        }
        for (SinkManifest.PartitionRows partition : manifest.dlq().partitions()) {
            assertThat(partition.rows())
                    .isEqualTo(dlqByPartition.getOrDefault(partition.partition(), 0L));
            assertThat(partition.rows()).isEqualTo(partition.records());
        }
        assertThat(egress.successByDay.values()).containsOnly(true);
        assertThat(dlq.successByDay.values()).containsOnly(true);
        assertThat(egress.hiddenFiles).isEmpty();
        assertThat(dlq.hiddenFiles).isEmpty();
    }

    /** Every row is in the dt directory of its processed_at day (UTC). */
    public static void rowsInTheirDay(LandedParquet table) {
        long total = 0;
        Map<String, Long> byDay = new HashMap<>();
        for (GenericRecord row : table.rows) {
            String dt =
                    "dt="
                            + Instant.ofEpochMilli((Long) row.get(LineageColumns.PROCESSED_AT))
                                    .atZone(ZoneOffset.UTC)
                                    .toLocalDate();
            byDay.merge(dt, 1L, Long::sum);
            total++;
        }
        assertThat(byDay.keySet()).isEqualTo(table.filesByDay.keySet());
        assertThat(total).isEqualTo(table.rows.size());
    }

    private static Map<Integer, Long> countByPartition(List<GenericRecord> rows, String topic) {
        Map<Integer, Long> counts = new HashMap<>();
        for (GenericRecord row : rows) {
            if (topic == null || row.get("source_topic").toString().equals(topic)) {
                counts.merge((Integer) row.get(LineageColumns.KAFKA_PARTITION), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static byte[] bytes(Object value) {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
