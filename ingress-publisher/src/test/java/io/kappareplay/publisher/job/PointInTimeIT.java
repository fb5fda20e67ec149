package io.kappareplay.publisher.job;

import static io.kappareplay.publisher.job.PublisherRuns.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kappareplay.publisher.testing.IngressTopics;
import io.kappareplay.schemas.naming.JobNames;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each point-in-time mode cuts the snapshot the spec describes, from Parquet files, a partitioned
 * Hive table and an Iceberg table read at an older snapshot; a key's rows are published in event
 * time order.
 */
class PointInTimeIT {
    private static final Schema PRICE =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Price", "namespace": "it.kappa", "fields": [
                              {"name": "sku", "type": "string"},
                              {"name": "price", "type": "long"}]}
                            """);

    private static final StructType VERSIONS =
            new StructType()
                    .add("sku", DataTypes.StringType, false)
                    .add("price", DataTypes.LongType, false)
                    .add("updated_at", DataTypes.TimestampType, false)
                    .add("valid_from", DataTypes.TimestampType, false)
                    .add("valid_to", DataTypes.TimestampType, true);

    private static Timestamp at(String instant) {
        return instant == null ? null : Timestamp.from(Instant.parse(instant));
    }

    /**
     * Versions of three SKUs, newest first so that the order of the file is not the order of
     * publishing. Validity: each version is valid from its update until the next one.
     */
    private static String writeVersions(Path directory) {
        List<Row> rows =
                List.of(
                        version("k3", 20, "2024-05-01T00:00:00Z", null),
                        version("k1", 3, "2024-04-01T00:00:00Z", null),
                        version("k1", 2, "2024-02-01T00:00:00Z", "2024-04-01T00:00:00Z"),
                        version("k2", 10, "2024-01-15T00:00:00Z", "2024-03-01T00:00:00Z"),
                        version("k1", 1, "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"));
        String path = directory.resolve("prices").toUri().toString();
        TestingSpark.session().createDataFrame(rows, VERSIONS).coalesce(1).write().parquet(path);
        return path;
    }

    private static Row version(String sku, long price, String updated, String validTo) {
        return RowFactory.create(sku, price, at(updated), at(updated), at(validTo));
    }

    private static List<Object[]> publish(Path directory, String jobId, String pointInTime) {
        String path = writeVersions(directory);
        Path spec =
                PublisherRuns.spec(
                        directory,
                        jobId,
                        "  format: parquet\n  path: "
                                + path
                                + "\n  key-column: sku\n  point-in-time:\n"
                                + pointInTime.stripIndent().indent(4),
                        PRICE,
                        "");
        PublisherRuns.run(spec, "--replace");
        return keysAndPrices(JobNames.of(jobId));
    }

    /** Key and price of every record, in partition and offset order. */
    private static List<Object[]> keysAndPrices(JobNames names) {
        List<ConsumerRecord<byte[], byte[]>> records =
                IngressTopics.readCommitted(names.ingressTopic());
        return records.stream()
                .map(
                        record ->
                                new Object[] {
                                    PublisherRuns.key(record),
                                    decode(PRICE, record.value()).get("price")
                                })
                .toList();
    }

    @Test
    void latestPerKeyPublishesTheNewestVersionNotAfterTheInstant(@TempDir Path directory) {
        List<Object[]> published =
                publish(
                        directory,
                        "job-latest-per-key",
                        """
                        mode: latest-per-key
                        instant: 2024-03-01T00:00:00Z
                        version-column: updated_at
                        """);
        assertThat(published)
                .extracting(r -> r[0], r -> r[1])
                .containsExactlyInAnyOrder(tuple("k1", 2L), tuple("k2", 10L));
    }

    @Test
    void windowPublishesTheEventsInTheWindowInEventTimeOrderPerKey(@TempDir Path directory) {
        List<Object[]> published =
                publish(
                        directory,
                        "job-window",
                        """
                        mode: window
                        event-time-column: updated_at
                        from: 2024-01-01T00:00:00Z
                        to: 2024-05-01T00:00:00Z
                        """);
        // k3's event is at the window's end, which is not in it; k1's three versions arrive in
        // the order they happened, though the file holds them newest first.
        assertThat(published)
                .extracting(r -> r[0], r -> r[1])
                .containsExactlyInAnyOrder(
                        tuple("k1", 1L), tuple("k1", 2L), tuple("k1", 3L), tuple("k2", 10L));
        assertThat(published.stream().filter(r -> r[0].equals("k1")).map(r -> r[1]))
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void asOfPublishesTheVersionsValidAtTheInstant(@TempDir Path directory) {
        List<Object[]> published =
                publish(
                        directory,
                        "job-as-of-scd2",
                        """
                        mode: as-of
                        instant: 2024-03-01T00:00:00Z
                        valid-from-column: valid_from
                        valid-to-column: valid_to
                        """);
        // k2's validity ends at the instant itself, so it is not valid then.
        assertThat(published).extracting(r -> r[0], r -> r[1]).containsExactly(tuple("k1", 2L));
    }

    @Test
    void aPartitionedHiveTableIsReadThroughTheMetastore(@TempDir Path directory) {
        SparkSession spark = TestingSpark.session();
        spark.sql("DROP TABLE IF EXISTS default.prices_hive");
        spark.sql(
                "CREATE EXTERNAL TABLE default.prices_hive (sku STRING, price BIGINT, updated_at TIMESTAMP)"
                        + " PARTITIONED BY (dt STRING) STORED AS PARQUET LOCATION '"
                        + directory.resolve("prices_hive").toUri()
                        + "'");
        spark.sql(
                "INSERT INTO default.prices_hive PARTITION (dt = '2024-01-01') VALUES"
                        + " ('k1', 1, TIMESTAMP'2024-01-01 00:00:00'),"
                        + " ('k2', 10, TIMESTAMP'2024-01-01 06:00:00')");
        spark.sql(
                "INSERT INTO default.prices_hive PARTITION (dt = '2024-02-01') VALUES"
                        + " ('k1', 2, TIMESTAMP'2024-02-01 00:00:00'),"
                        + " ('k3', 30, TIMESTAMP'2024-02-01 00:00:00')");
        String jobId = "job-hive";
        Path spec =
                PublisherRuns.spec(
                        directory,
                        jobId,
                        """
                          format: hive
                          table: default.prices_hive
                          key-column: sku
                          point-in-time:
                            mode: latest-per-key
                            instant: 2024-03-01T00:00:00Z
                            version-column: updated_at
                        """,
                        PRICE,
                        "");

        PublisherResult result = PublisherRuns.run(spec, "--replace");

        assertThat(keysAndPrices(JobNames.of(jobId)))
                .extracting(r -> r[0], r -> r[1])
                .containsExactlyInAnyOrder(tuple("k1", 2L), tuple("k2", 10L), tuple("k3", 30L));
        assertThat(result.manifest().records()).isEqualTo(3);
        assertThat(result.manifest().surplusRecords()).isZero();
    }

    @Test
    void anIcebergTableIsPublishedAsOfItsOlderSnapshot(@TempDir Path directory) {
        SparkSession spark = TestingSpark.session();
        spark.sql("CREATE NAMESPACE IF NOT EXISTS iceberg_it.db");
        spark.sql("DROP TABLE IF EXISTS iceberg_it.db.prices");
        spark.sql(
                "CREATE TABLE iceberg_it.db.prices (sku STRING, price BIGINT, updated_at TIMESTAMP)"
                        + " USING iceberg");
        spark.sql(
                "INSERT INTO iceberg_it.db.prices VALUES"
                        + " ('k1', 1, TIMESTAMP'2024-01-01 00:00:00'),"
                        + " ('k2', 10, TIMESTAMP'2024-01-01 00:00:00')");
        Row olderSnapshot =
                spark.sql("SELECT snapshot_id, committed_at FROM iceberg_it.db.prices.snapshots")
                        .first();
        long older = olderSnapshot.getLong(0);
        Instant olderCommitted = olderSnapshot.getTimestamp(1).toInstant();
        spark.sql(
                "INSERT INTO iceberg_it.db.prices VALUES"
                        + " ('k3', 30, TIMESTAMP'2024-02-01 00:00:00')");
        assertThat(spark.table("iceberg_it.db.prices").count()).isEqualTo(3);

        String jobId = "job-iceberg";
        Path spec =
                PublisherRuns.spec(
                        directory,
                        jobId,
                        """
                          format: iceberg
                          table: iceberg_it.db.prices
                          key-column: sku
                          point-in-time:
                            mode: as-of
                            snapshot-id: %d
                        """
                                .formatted(older),
                        PRICE,
                        "");

        PublisherResult result = PublisherRuns.run(spec, "--replace");

        assertThat(keysAndPrices(JobNames.of(jobId)))
                .extracting(r -> r[0], r -> r[1])
                .containsExactlyInAnyOrder(tuple("k1", 1L), tuple("k2", 10L));
        assertThat(result.manifest().sourceSnapshotId()).isEqualTo(Long.toString(older));
        List<ConsumerRecord<byte[], byte[]>> records =
                IngressTopics.readCommitted(JobNames.of(jobId).ingressTopic());
        assertThat(records)
                .allSatisfy(
                        record ->
                                assertThat(PublisherRuns.header(record, "kappa.lineage"))
                                        .contains(".parquet#"));

        // By timestamp: the snapshot current at the instant the older one was committed.
        String byInstant = "job-iceberg-instant";
        PublisherResult atInstant =
                PublisherRuns.run(
                        PublisherRuns.spec(
                                directory,
                                byInstant,
                                """
                                  format: iceberg
                                  table: iceberg_it.db.prices
                                  key-column: sku
                                  point-in-time:
                                    mode: as-of
                                    instant: %s
                                """
                                        .formatted(olderCommitted),
                                PRICE,
                                ""),
                        "--replace");
        assertThat(keysAndPrices(JobNames.of(byInstant)))
                .extracting(r -> r[0], r -> r[1])
                .containsExactlyInAnyOrder(tuple("k1", 1L), tuple("k2", 10L));
        assertThat(atInstant.manifest().sourceSnapshotId()).isEqualTo(Long.toString(older));
        assertThat(atInstant.manifest().snapshot()).isEqualTo(olderCommitted);
    }
}
