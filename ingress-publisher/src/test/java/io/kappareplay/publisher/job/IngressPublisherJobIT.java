package io.kappareplay.publisher.job;

import static io.kappareplay.publisher.job.PublisherRuns.decode;
import static io.kappareplay.publisher.job.PublisherRuns.header;
import static io.kappareplay.publisher.job.PublisherRuns.key;
import static io.kappareplay.publisher.testing.IngressTopics.checksum;
import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.publisher.IngressPublisherJob;
import io.kappareplay.publisher.testing.IngressTopics;
import io.kappareplay.schemas.manifest.IngressManifest;
import io.kappareplay.schemas.manifest.PartitionSummary;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.naming.KappaHeaders;
import io.kappareplay.schemas.registry.CompatibilityLevel;
import io.kappareplay.schemas.registry.HttpSchemaRegistryClient;
import io.kappareplay.schemas.registry.RegistryClientConfig;
import io.kappareplay.schemas.registry.SchemaRegistryClient;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200,000 Parquet rows through the whole job, the way spark-submit runs it: every row arrives
 * exactly once, its value read with a plain Avro reader equals what this test computes from its own
 * generator, and the manifest and ledger agree with the test's own read_committed read-back.
 */
class IngressPublisherJobIT {
    private static final int ROWS = 200_000;
    private static final long FIRST_MILLIS = 1_700_000_000_000L;
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
    private static final String[] STATUSES = {"PLACED", "SHIPPED", "RETURNED"};

    static final Schema ORDER =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Order", "namespace": "it.kappa", "fields": [
                              {"name": "order_id", "type": "string"},
                              {"name": "seq", "type": "long"},
                              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}},
                              {"name": "ordered_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
                              {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["PLACED", "SHIPPED", "RETURNED"]}},
                              {"name": "note", "type": ["null", "string"], "default": null}]}
                            """);

    /** Row {@code i} of the generator, as Spark SQL writes it. */
    private static void writeOrders(SparkSession spark, String path) {
        spark.range(ROWS)
                .selectExpr(
                        "concat('order-', id) AS order_id",
                        "id AS seq",
                        "CAST(concat(CAST(id AS STRING), '.', lpad(CAST(id % 100 AS STRING), 2,"
                                + " '0')) AS DECIMAL(12,2)) AS amount",
                        "timestamp_millis(" + FIRST_MILLIS + " + id * 1000) AS ordered_at",
                        "date_add(DATE'2024-01-01', CAST(id % 365 AS INT)) AS day",
                        "CASE id % 3 WHEN 0 THEN 'PLACED' WHEN 1 THEN 'SHIPPED' ELSE 'RETURNED'"
                                + " END AS status",
                        "CASE WHEN id % 10 = 0 THEN NULL ELSE concat('n', id) END AS note")
                .write()
                .parquet(path);
    }

    @Test
    void publishesTwoHundredThousandParquetRowsExactlyOnce(@TempDir Path directory)
            throws Exception {
        SparkSession spark = TestingSpark.session();
        String jobId = "job-parquet-200k";
        String source = directory.resolve("orders").toUri().toString();
        writeOrders(spark, source);
        Path spec =
                PublisherRuns.spec(
                        directory,
                        jobId,
                        """
                          format: parquet
                          path: %s
                          key-column: order_id
                          point-in-time:
                            mode: window
                            event-time-column: ordered_at
                            from: 2023-11-14T00:00:00Z
                            to: 2023-11-18T00:00:00Z
                        """
                                .formatted(source),
                        ORDER,
                        "");

        long start = System.nanoTime();
        PublisherResult result = PublisherRuns.run(spec, "--replace");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "IngressPublisherJobIT: %d Parquet rows published, read back and landed in %.1f s"
                        + " (%.0f rows/s); publish pass alone %.1f s (%.0f rows/s)%n",
                ROWS,
                seconds,
                ROWS / seconds,
                result.publishTime().toNanos() / 1e9,
                ROWS / (result.publishTime().toNanos() / 1e9));

        JobNames names = JobNames.of(jobId);
        List<ConsumerRecord<byte[], byte[]>> records =
                IngressTopics.readCommitted(names.ingressTopic());
        assertThat(records).hasSize(ROWS);

        int schemaId =
                new HttpSchemaRegistryClient(
                                RegistryClientConfig.from(
                                        Map.of(
                                                RegistryClientConfig.URL,
                                                TestingRegistry.shared().url())))
                        .lookup(JobNames.valueSubject(names.ingressTopic()), ORDER)
                        .id();
        Set<String> keys = new HashSet<>();
        Set<String> lineages = new HashSet<>();
        Map<Integer, Long> perPartition = new TreeMap<>();
        Map<Integer, List<String>> keysPerPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String key = key(record);
            assertThat(keys.add(key)).as("key %s once", key).isTrue();
            assertThat(PublisherRuns.schemaId(record)).isEqualTo(schemaId);
            assertThat(header(record, KappaHeaders.JOB)).isEqualTo(jobId);
            assertThat(header(record, KappaHeaders.SNAPSHOT)).isEqualTo("2023-11-18T00:00:00Z");
            String lineage = header(record, KappaHeaders.LINEAGE);
            assertThat(lineage).contains(".parquet#");
            lineages.add(lineage);
            perPartition.merge(record.partition(), 1L, Long::sum);
            keysPerPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(key);

            long i = Long.parseLong(key.substring("order-".length()));
            GenericRecord value = decode(ORDER, record.value());
            assertThat(value.get("order_id").toString()).isEqualTo(key);
            assertThat(value.get("seq")).isEqualTo(i);
            assertThat(new BigDecimal(new BigInteger(toArray((ByteBuffer) value.get("amount"))), 2))
                    .isEqualTo(new BigDecimal(i + "." + String.format("%02d", i % 100)));
            assertThat(value.get("ordered_at")).isEqualTo(FIRST_MILLIS + i * 1000);
            assertThat(value.get("day")).isEqualTo((int) FIRST_DAY.plusDays(i % 365).toEpochDay());
            assertThat(value.get("status").toString()).isEqualTo(STATUSES[(int) (i % 3)]);
            if (i % 10 == 0) {
                assertThat(value.get("note")).isNull();
            } else {
                assertThat(value.get("note").toString()).isEqualTo("n" + i);
            }
        }
        assertThat(lineages).hasSize(ROWS);

        IngressManifest manifest = result.manifest();
        assertThat(manifest.sourceRows()).isEqualTo(ROWS);
        assertThat(manifest.rejects()).isZero();
        assertThat(manifest.records()).isEqualTo(ROWS);
        assertThat(manifest.surplusRecords()).isZero();
        assertThat(manifest.keyChecksum()).isEqualTo(checksum(keys));
        assertThat(manifest.partitions()).hasSize(8);
        for (PartitionSummary partition : manifest.partitions()) {
            assertThat(partition.records())
                    .as("partition %d", partition.partition())
                    .isEqualTo(perPartition.getOrDefault(partition.partition(), 0L));
            assertThat(partition.keyChecksum())
                    .isEqualTo(
                            checksum(
                                    keysPerPartition.getOrDefault(
                                            partition.partition(), List.of())));
        }
        assertThat(IngressManifest.fromJson(Files.readString(Path.of(result.manifestPath()))))
                .isEqualTo(manifest);
        assertThat(result.manifestPath())
                .isEqualTo(
                        URI.create(
                                PublisherRuns.warehouse(directory)
                                        + "kappa/manifests/"
                                        + jobId
                                        + "/ingress.json"));

        assertThat(spark.read().parquet(result.ledgerPath().toString()).count()).isEqualTo(ROWS);
        assertThat(
                        spark.read()
                                .parquet(result.ledgerPath().toString())
                                .select("lineage")
                                .distinct()
                                .count())
                .isEqualTo(ROWS);

        // A second run without --replace is refused, and publishes nothing.
        PublisherRuns.Exit again = PublisherRuns.execute(spec);
        assertThat(again.code()).isEqualTo(IngressPublisherJob.EXIT_BAD_SPEC);
        assertThat(again.stderr()).contains("already holds committed records", "--replace");
        assertThat(IngressTopics.readCommitted(names.ingressTopic())).hasSize(ROWS);
    }

    @Test
    void badFlagsAndSpecsExitWithTwoNamingTheKey(@TempDir Path directory) {
        Path spec =
                PublisherRuns.spec(
                        directory,
                        "job-bad-flags",
                        """
                          format: parquet
                          path: /nowhere
                          key-column: order_id
                          point-in-time:
                            mode: window
                            event-time-column: ordered_at
                            from: 2023-11-14T00:00:00Z
                            to: 2023-11-18T00:00:00Z
                        """,
                        ORDER,
                        "");
        PublisherRuns.Exit unknownFlag = PublisherRuns.execute(spec, "--max-records", "5");
        assertThat(unknownFlag.code()).isEqualTo(IngressPublisherJob.EXIT_BAD_SPEC);
        assertThat(unknownFlag.stderr()).contains("Unknown flag '--max-records'");

        PublisherRuns.Exit badOption = PublisherRuns.execute(spec, "--compression", "gzip");
        assertThat(badOption.code()).isEqualTo(IngressPublisherJob.EXIT_BAD_SPEC);
        assertThat(badOption.stderr())
                .contains("kappa.publisher.compression=gzip is not valid; use lz4, zstd or none");

        SparkSession spark = TestingSpark.session();
        spark.conf().set("spark.kappa.publisher.compression", "gzip");
        PublisherRuns.Exit badConf;
        try {
            badConf = PublisherRuns.execute(spec);
        } finally {
            spark.conf().unset("spark.kappa.publisher.compression");
        }
        assertThat(badConf.code()).isEqualTo(IngressPublisherJob.EXIT_BAD_SPEC);
        assertThat(badConf.stderr()).contains("kappa.publisher.compression=gzip is not valid");

        PublisherRuns.Exit badOverride =
                PublisherRuns.execute(spec, "--set", "ingress.partitions=many");
        assertThat(badOverride.code()).isEqualTo(IngressPublisherJob.EXIT_BAD_SPEC);
        assertThat(badOverride.stderr()).contains("ingress.partitions", "'many'");
    }

    /**
     * A spec publishing the latest version of each order of the Parquet files at {@code source}.
     */
    private static Path latestOrders(Path directory, String jobId, String source) {
        return PublisherRuns.spec(
                directory,
                jobId,
                """
                  format: parquet
                  path: %s
                  key-column: order_id
                  point-in-time:
                    mode: latest-per-key
                    instant: 2100-01-01T00:00:00Z
                    version-column: ordered_at
                """
                        .formatted(source),
                ORDER,
                "");
    }

    @Test
    void aSourceThatCannotFillTheContractStopsBeforePublishing(@TempDir Path directory) {
        String source = directory.resolve("orders").toUri().toString();
        TestingSpark.session()
                .range(10)
                .selectExpr("concat('order-', id) AS order_id", "current_timestamp() AS ordered_at")
                .write()
                .parquet(source);
        String jobId = "job-contract-stop";
        Path spec = latestOrders(directory, jobId, source);

        PublisherRuns.Exit exit = PublisherRuns.execute(spec);

        assertThat(exit.code()).isEqualTo(IngressPublisherJob.EXIT_BAD_SPEC);
        assertThat(exit.stderr())
                .contains("MISSING_FIELD", "amount", "STOP", "nothing was published");
        assertThat(exit.stderr()).doesNotContain("publishing in");
    }

    @Test
    void aContractTheRegistryRefusesExitsWithTwoBeforeTheTopicExists(@TempDir Path directory)
            throws Exception {
        String source = directory.resolve("orders").toUri().toString();
        TestingSpark.session()
                .range(10)
                .selectExpr(
                        "concat('order-', id) AS order_id",
                        "id AS seq",
                        "CAST(12.50 AS DECIMAL(12,2)) AS amount",
                        "TIMESTAMP '2024-03-01 10:00:00' AS ordered_at",
                        "DATE '2024-03-01' AS day",
                        "'PLACED' AS status",
                        "CAST(NULL AS STRING) AS note")
                .write()
                .parquet(source);
        String jobId = "job-contract-refused";
        JobNames names = JobNames.of(jobId);
        String subject = JobNames.valueSubject(names.ingressTopic());
        SchemaRegistryClient registry =
                new HttpSchemaRegistryClient(
                        RegistryClientConfig.from(TestingRegistry.shared().clientProperties()));
        // What consumers of the job already decode with: an order of one field. Under BACKWARD,
        // a contract adding required fields without defaults cannot read those records.
        registry.register(
                subject,
                new Schema.Parser()
                        .parse(
                                """
                                {"type": "record", "name": "Order", "namespace": "it.kappa",
                                 "fields": [{"name": "order_id", "type": "string"}]}
                                """));
        registry.setSubjectCompatibility(subject, CompatibilityLevel.BACKWARD);
        Path spec = latestOrders(directory, jobId, source);

        PublisherRuns.Exit exit = PublisherRuns.execute(spec);

        assertThat(exit.code()).isEqualTo(IngressPublisherJob.EXIT_BAD_SPEC);
        assertThat(exit.stderr())
                .contains(
                        "Job " + jobId + " cannot run",
                        "not compatible with version 1",
                        subject,
                        "BACKWARD",
                        "Make the change compatible");
        assertThat(exit.stderr()).doesNotContain("publishing in");
        assertThat(registry.versions(subject)).hasSize(1);
        try (Admin admin =
                Admin.create(
                        new HashMap<String, Object>(TestingKafka.shared().clientProperties()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .doesNotContain(names.ingressTopic());
        }
    }

    @Test
    void publishedBytesDoNotDependOnTheSessionOrJvmTimeZone(@TempDir Path directory)
            throws Exception {
        SparkSession spark = TestingSpark.session();
        String source = directory.resolve("zoned").toUri().toString();
        spark.sql(
                        "SELECT * FROM VALUES"
                                + " ('order-0', 0L, CAST('1.00' AS DECIMAL(12,2)),"
                                + " TIMESTAMP'1969-12-31 23:59:59.999Z', DATE'1969-12-31', 'PLACED',"
                                + " CAST(NULL AS STRING)),"
                                + " ('order-1', 1L, CAST('2.50' AS DECIMAL(12,2)),"
                                + " TIMESTAMP'2021-10-31 01:30:00.123Z', DATE'2021-10-31', 'SHIPPED',"
                                + " 'n1')"
                                + " AS t(order_id, seq, amount, ordered_at, day, status, note)")
                .write()
                .parquet(source);
        String sourceYaml =
                """
                  format: parquet
                  path: %s
                  key-column: order_id
                  point-in-time:
                    mode: window
                    event-time-column: ordered_at
                    from: 1900-01-01T00:00:00Z
                    to: 2100-01-01T00:00:00Z
                """
                        .formatted(source);

        PublisherRuns.run(
                PublisherRuns.spec(directory, "job-zone-utc", sourceYaml, ORDER, ""), "--replace");
        String sessionZone = spark.conf().get("spark.sql.session.timeZone");
        TimeZone jvmZone = TimeZone.getDefault();
        try {
            spark.conf().set("spark.sql.session.timeZone", "Asia/Kolkata");
            TimeZone.setDefault(TimeZone.getTimeZone("America/Sao_Paulo"));
            PublisherRuns.run(
                    PublisherRuns.spec(directory, "job-zone-elsewhere", sourceYaml, ORDER, ""),
                    "--replace");
        } finally {
            spark.conf().set("spark.sql.session.timeZone", sessionZone);
            TimeZone.setDefault(jvmZone);
        }

        // A driver JVM started in a zone 12:45 ahead of UTC, its session zone following it.
        PublisherRuns.Exit child =
                PublisherRuns.executeInChildJvm(
                        PublisherRuns.spec(directory, "job-zone-child-jvm", sourceYaml, ORDER, ""),
                        "Pacific/Chatham",
                        directory,
                        "--replace");
        assertThat(child.code()).as(child.stderr()).isEqualTo(IngressPublisherJob.EXIT_OK);
        assertThat(child.stderr()).contains("published 2 of 2 rows");

        Map<String, String> utc = valuesByKey("job-zone-utc");
        Map<String, String> elsewhere = valuesByKey("job-zone-elsewhere");
        assertThat(utc).hasSize(2).isEqualTo(elsewhere);
        assertThat(valuesByKey("job-zone-child-jvm")).isEqualTo(utc);
        // By hand: 1 ms before 1970 is -1 ms and day -1; 2021-10-31T01:30:00.123Z is
        // 1635643800123 ms, day 18931.
        GenericRecord before1970 = decode(ORDER, HexFormat.of().parseHex(utc.get("order-0")));
        assertThat(before1970.get("ordered_at")).isEqualTo(-1L);
        assertThat(before1970.get("day")).isEqualTo(-1);
        GenericRecord dstNight = decode(ORDER, HexFormat.of().parseHex(utc.get("order-1")));
        assertThat(dstNight.get("ordered_at")).isEqualTo(1_635_643_800_123L);
        assertThat(dstNight.get("day")).isEqualTo(18_931);
    }

    /** Each record's value as hex, by key. */
    private static Map<String, String> valuesByKey(String jobId) {
        Map<String, String> values = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record :
                IngressTopics.readCommitted(JobNames.of(jobId).ingressTopic())) {
            values.put(key(record), HexFormat.of().formatHex(record.value()));
        }
        return values;
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
