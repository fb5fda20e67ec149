package io.kappareplay.schemas.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A partition is complete only when every committed record landed once and none lay outside. */
class SinkManifestTest {

    private static SinkManifest.PartitionRows partition(
            long records, long rows, long dlqRows, long start, long after, long duplicates) {
        return new SinkManifest.PartitionRows(
                3, 120, records, rows, dlqRows, start, after, duplicates);
    }

    @Test
    void completeWhenRowsAndDeadLetteredRecordsAddUpAndNothingLiesOutside() {
        assertThat(partition(100, 99, 1, 0, 0, 0).complete()).isTrue();
        assertThat(partition(100, 99, 1, 0, 0, 0).problems()).isEmpty();
    }

    @Test
    void eachGapIsNamed() {
        assertThat(partition(100, 98, 1, 0, 0, 0).problems())
                .containsExactly(
                        "99 row(s) landed for the 100 committed record(s) egress.json counts below"
                                + " offset 120");
        // The counts agree, and still records are missing: deleted before the run...
        assertThat(partition(100, 100, 0, 40, 0, 0).problems())
                .singleElement()
                .asString()
                .startsWith("its earliest offset was 40 when the run started");
        // ...or committed after egress.json was written...
        assertThat(partition(100, 100, 0, 0, 7, 0).problems())
                .containsExactly(
                        "7 committed record(s) at or after end offset 120: egress.json was written"
                                + " before they committed");
        // ...or one landed twice where another is missing.
        assertThat(partition(100, 100, 0, 0, 0, 1).problems())
                .containsExactly("1 row(s) repeat a Kafka offset already landed");
        assertThat(partition(100, 100, 0, 0, 0, 1).complete()).isFalse();
    }

    @Test
    void readsManifestsWrittenBeforeTheExtentColumns() {
        String json =
                """
                {"job": "orders", "complete": true, "egress_rows": 1, "dlq_rows": 0,
                 "egress": {"topic": "kappa.orders.egress", "partitions": [
                   {"partition": 0, "end_offset": 2, "records": 1, "rows": 1, "dlq_rows": 0}]},
                 "dlq": {"topic": "kappa.orders.dlq", "partitions": []},
                 "days": [], "orphans_removed": 0}""";
        SinkManifest manifest = SinkManifest.fromJson(json);
        assertThat(manifest.egress().partitions().get(0).complete()).isTrue();
    }
}
