package io.kappareplay.consumer.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.schemas.naming.JobNames;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EgressRecordsTest {
    private static final EgressRecords RECORDS = new EgressRecords(JobNames.of("orders"));
    private static final IngressOrigin ORIGIN =
            new IngressOrigin(
                    "kappa.orders.ingress",
                    7,
                    4_242,
                    bytes("order-1"),
                    new byte[] {0, 0, 0, 0, 1, 2},
                    new RecordHeaders()
                            .add("kappa.snapshot", bytes("2024-06-30T00:00:00Z"))
                            .add("kappa.lineage", bytes("orders/part-3.parquet#17"))
                            .add("kappa.attempts", bytes("9")));

    @Test
    void everyOutputCarriesLineageIndexAndCountOnTheInputsPartition() {
        List<ProducerRecord<byte[], byte[]>> records =
                RECORDS.outputs(
                        ORIGIN,
                        List.of(
                                new EncodedOutput(null, bytes("a")),
                                new EncodedOutput(bytes("rekeyed"), bytes("b"))),
                        2,
                        1_000L);

        assertThat(records).hasSize(2);
        for (ProducerRecord<byte[], byte[]> record : records) {
            assertThat(record.topic()).isEqualTo("kappa.orders.egress");
            assertThat(record.partition()).isEqualTo(7);
            assertThat(record.timestamp()).isEqualTo(1_000L);
        }
        assertThat(text(records.get(0).key())).isEqualTo("order-1");
        assertThat(text(records.get(1).key())).isEqualTo("rekeyed");
        assertThat(headers(records.get(0)))
                .containsExactly(
                        Map.entry("kappa.snapshot", "2024-06-30T00:00:00Z"),
                        Map.entry("kappa.lineage", "orders/part-3.parquet#17"),
                        Map.entry("kappa.job", "orders"),
                        Map.entry("kappa.ingress.partition", "7"),
                        Map.entry("kappa.ingress.offset", "4242"),
                        Map.entry("kappa.attempts", "2"),
                        Map.entry("kappa.output.index", "0"),
                        Map.entry("kappa.output.count", "2"));
        assertThat(headers(records.get(1))).containsEntry("kappa.output.index", "1");
    }

    @Test
    void anInputWithoutOutputsLeavesOneMarker() {
        List<ProducerRecord<byte[], byte[]>> records = RECORDS.outputs(ORIGIN, List.of(), 1, 5L);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).value()).isNull();
        assertThat(text(records.get(0).key())).isEqualTo("order-1");
        assertThat(headers(records.get(0)))
                .containsEntry("kappa.output.count", "0")
                .containsEntry("kappa.output.index", "0")
                .containsEntry("kappa.ingress.offset", "4242");
    }

    @Test
    void deadLetterKeepsTheOriginalBytesAndNamesTheError() {
        ProducerRecord<byte[], byte[]> record =
                RECORDS.deadLetter(
                        ORIGIN,
                        ErrorStage.HANDLE,
                        new IllegalStateException("x".repeat(5_000)),
                        5,
                        OptionalInt.of(503),
                        9L);

        assertThat(record.topic()).isEqualTo("kappa.orders.dlq");
        assertThat(record.partition()).isEqualTo(7);
        assertThat(record.key()).isEqualTo(ORIGIN.key());
        assertThat(record.value()).isEqualTo(ORIGIN.value());
        Map<String, String> headers = headers(record);
        assertThat(headers)
                .containsEntry("kappa.error.class", "java.lang.IllegalStateException")
                .containsEntry("kappa.error.stage", "handle")
                .containsEntry("kappa.error.http-status", "503")
                .containsEntry("kappa.attempts", "5")
                .containsEntry("kappa.lineage", "orders/part-3.parquet#17");
        assertThat(headers.get("kappa.error.message"))
                .hasSize(EgressRecords.MAX_ERROR_MESSAGE_CHARS + "... (truncated)".length())
                .endsWith("... (truncated)");
    }

    @Test
    void aRedrivenDeadLetterGetsFreshRuntimeHeaders() {
        IngressOrigin redriven =
                new IngressOrigin(
                        "kappa.orders.ingress",
                        0,
                        1,
                        bytes("k"),
                        bytes("v"),
                        new RecordHeaders()
                                .add("kappa.error.class", bytes("Old"))
                                .add("kappa.ingress.offset", bytes("999")));
        ProducerRecord<byte[], byte[]> record =
                RECORDS.deadLetter(
                        redriven,
                        ErrorStage.DESERIALIZE,
                        new RuntimeException(),
                        1,
                        OptionalInt.empty(),
                        1L);

        assertThat(record.headers().headers("kappa.error.class")).hasSize(1);
        assertThat(headers(record))
                .containsEntry("kappa.error.class", "java.lang.RuntimeException")
                .containsEntry("kappa.error.message", "null")
                .containsEntry("kappa.ingress.offset", "1")
                .doesNotContainKey("kappa.error.http-status");
    }

    private static Map<String, String> headers(ProducerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), text(header.value()));
        }
        return headers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
