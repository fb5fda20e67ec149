package io.kappareplay.publisher.job;

import static io.kappareplay.publisher.job.PublisherRuns.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kappareplay.publisher.IngressPublisherJob;
import io.kappareplay.publisher.testing.IngressTopics;
import io.kappareplay.schemas.naming.JobNames;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows that cannot be published land in the rejects table with the field, the reason and the value,
 * the good rows of the same source are published, and a reject rate above the budget fails the job
 * after the rejects are written.
 */
class RejectsIT {
    private static final Schema PAYMENT =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Payment", "namespace": "it.kappa", "fields": [
                              {"name": "id", "type": "string"},
                              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
                              {"name": "qty", "type": "int"},
                              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}
                            """);

    /** Five bad rows, two good ones, one outside the window. */
    private static final String CSV =
            """
            id;amount;qty;at
            a1;10.50;1;2024-06-01T10:00:00Z
            a2;12.345;2;2024-06-01T11:00:00Z
            a3;abc;3;2024-06-01T12:00:00Z
            ;5.00;4;2024-06-01T13:00:00Z
            a5;7.25;99999999999;2024-06-01T14:00:00Z
            a6;1.00;6;2024-06-01T15:00:00Z
            a7;2.00;7;2024-07-05T00:00:00Z
            a8;3.00;;2024-06-01T16:00:00Z
            """;

    private static Path csvSpec(Path directory, String jobId, double budget) throws Exception {
        Path csv = directory.resolve("payments.csv");
        Files.writeString(csv, CSV);
        return PublisherRuns.spec(
                directory,
                jobId,
                """
                  format: csv
                  path: %s
                  key-column: id
                  csv:
                    delimiter: ";"
                  point-in-time:
                    mode: window
                    event-time-column: at
                    from: 2024-06-01T00:00:00Z
                    to: 2024-07-01T00:00:00Z
                """
                        .formatted(csv),
                PAYMENT,
                "  reject-budget: " + budget + "\n");
    }

    @Test
    void csvRowsThatDoNotFitAreRejectedWithTheirReasonsAndTheRestPublished(@TempDir Path directory)
            throws Exception {
        String jobId = "job-csv-rejects";
        PublisherResult result = PublisherRuns.run(csvSpec(directory, jobId, 0.8), "--replace");

        assertThat(result.manifest().sourceRows()).isEqualTo(7);
        assertThat(result.manifest().rejects()).isEqualTo(5);
        assertThat(result.manifest().records()).isEqualTo(2);

        List<ConsumerRecord<byte[], byte[]>> records =
                IngressTopics.readCommitted(JobNames.of(jobId).ingressTopic());
        Map<String, GenericRecord> published =
                records.stream()
                        .collect(
                                Collectors.toMap(
                                        PublisherRuns::key,
                                        record -> decode(PAYMENT, record.value())));
        assertThat(published).containsOnlyKeys("a1", "a6");
        assertThat(decimal(published.get("a1").get("amount"))).isEqualTo(new BigDecimal("10.50"));
        assertThat(published.get("a6").get("qty")).isEqualTo(6);
        // 2024-06-01T15:00:00Z, by hand: 19875 days * 86400 s + 15 h.
        assertThat(published.get("a6").get("at")).isEqualTo((19_875L * 86_400 + 15 * 3_600) * 1000);

        List<Row> rejects =
                TestingSpark.session()
                        .read()
                        .parquet(result.rejectsPath().toString())
                        .orderBy("lineage", "field")
                        .collectAsList();
        assertThat(rejects)
                .extracting(
                        row -> row.getAs("record_key"),
                        row -> row.getAs("field"),
                        row -> row.getAs("reason"),
                        row -> row.getAs("value"))
                .containsExactlyInAnyOrder(
                        tuple("a2", "amount", "SCALE_EXCEEDED", "12.345"),
                        tuple("a3", "amount", "UNPARSEABLE_TEXT", "abc"),
                        tuple(null, "id", "NULL_IN_REQUIRED_FIELD", null),
                        tuple("a5", "qty", "OUT_OF_RANGE", "99999999999"),
                        tuple("a8", "qty", "NULL_IN_REQUIRED_FIELD", null));
        assertThat(rejects)
                .allSatisfy(
                        row -> {
                            assertThat((String) row.getAs("lineage")).contains("payments.csv#");
                            assertThat((String) row.getAs("source_row")).startsWith("{\"id\":");
                            assertThat((String) row.getAs("problem")).isNotBlank();
                            assertThat((String) row.getAs("fix")).isNotBlank();
                        });
    }

    @Test
    void aRejectRateAboveTheBudgetFailsAfterTheRejectsAreWritten(@TempDir Path directory)
            throws Exception {
        String jobId = "job-csv-budget";
        Path spec = csvSpec(directory, jobId, 0.5);

        assertThatThrownBy(() -> PublisherRuns.run(spec, "--replace"))
                .isInstanceOf(RejectBudgetExceededException.class)
                .hasMessageContaining("5 of 7 rows were rejected (71.4286%)")
                .hasMessageContaining("ingress.reject-budget 0.5")
                .hasMessageContaining("kappa/rejects/job_id=" + jobId);
        assertThat(
                        TestingSpark.session()
                                .read()
                                .parquet(
                                        PublisherRuns.warehouse(directory)
                                                + "kappa/rejects/job_id="
                                                + jobId)
                                .count())
                .isEqualTo(5);

        PublisherRuns.Exit exit = PublisherRuns.execute(spec, "--replace");
        assertThat(exit.code()).isEqualTo(IngressPublisherJob.EXIT_FAILED);
        assertThat(exit.stderr()).contains("above ingress.reject-budget 0.5");
    }

    @Test
    void decimalOverflowNullsInRequiredFieldsAndRowsWithoutAnEventTimeAreRejects(
            @TempDir Path directory) {
        SparkSession spark = TestingSpark.session();
        StructType schema =
                new StructType()
                        .add("id", DataTypes.StringType, true)
                        .add("amount", DataTypes.createDecimalType(20, 2), true)
                        .add("qty", DataTypes.IntegerType, true)
                        .add("at", DataTypes.TimestampType, true);
        Timestamp at = Timestamp.valueOf("2024-06-01 10:00:00");
        String path = directory.resolve("typed").toUri().toString();
        spark.createDataFrame(
                        List.of(
                                RowFactory.create("ok", new BigDecimal("99999999.99"), 1, at),
                                RowFactory.create("too-big", new BigDecimal("100000000.00"), 2, at),
                                RowFactory.create("no-qty", new BigDecimal("1.00"), null, at),
                                RowFactory.create("no-amount", null, 3, at),
                                RowFactory.create("no-time", new BigDecimal("1.00"), 4, null)),
                        schema)
                .write()
                .parquet(path);
        String jobId = "job-overflow-nulls";
        Path spec =
                PublisherRuns.spec(
                        directory,
                        jobId,
                        """
                          format: parquet
                          path: %s
                          key-column: id
                          point-in-time:
                            mode: window
                            event-time-column: at
                            from: 2024-01-01T00:00:00Z
                            to: 2025-01-01T00:00:00Z
                        """
                                .formatted(path),
                        PAYMENT,
                        "  reject-budget: 1\n");

        PublisherResult result = PublisherRuns.run(spec, "--replace");

        assertThat(IngressTopics.readCommitted(JobNames.of(jobId).ingressTopic()))
                .extracting(PublisherRuns::key)
                .containsExactly("ok");
        assertThat(spark.read().parquet(result.rejectsPath().toString()).collectAsList())
                .extracting(
                        row -> row.getAs("record_key"),
                        row -> row.getAs("field"),
                        row -> row.getAs("reason"))
                .containsExactlyInAnyOrder(
                        tuple("too-big", "amount", "PRECISION_EXCEEDED"),
                        tuple("no-qty", "qty", "NULL_IN_REQUIRED_FIELD"),
                        tuple("no-amount", "amount", "NULL_IN_REQUIRED_FIELD"),
                        // Neither in the window nor outside it: a reject, not a silent drop.
                        tuple("no-time", "at", "NO_POINT_IN_TIME"));
        assertThat(result.manifest().records()).isEqualTo(1);
        assertThat(result.manifest().sourceRows()).isEqualTo(5);
        assertThat(result.manifest().rejects()).isEqualTo(4);
    }

    private static BigDecimal decimal(Object avroBytes) {
        ByteBuffer buffer = ((ByteBuffer) avroBytes).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new BigDecimal(new BigInteger(bytes), 2);
    }
}
