package io.kappareplay.publisher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.schemas.manifest.IngressManifest;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.naming.KappaHeaders;
import io.kappareplay.schemas.registry.HttpSchemaRegistryClient;
import io.kappareplay.schemas.registry.RegistryClientConfig;
import io.kappareplay.schemas.serde.WireFormat;
import io.kappareplay.schemas.spec.JobSpecParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * {@code spark-submit} runs the {@code spark-app} jar the way a cluster does: in a JVM of its own,
 * Spark's jars first and ours for what Spark lacks (decision 0010), no Maven classpath. The
 * spark-submit is the one the pyspark package of the module's Spark version ships; {@code .ci/run}
 * installs it and sets {@code KAPPA_SPARK_SUBMIT}, so in CI this test always runs. It is skipped
 * only where that variable is unset, e.g. a developer's plain {@code ./mvnw verify}.
 *
 * <p>The job reads a small CSV snapshot with SCD2 validity columns, publishes the versions valid at
 * the instant to the local broker, registers the contract with the local registry and writes its
 * manifest. Expected values are written here from the rows the test writes, and the records are
 * decoded with plain Avro, not through the publisher's code.
 */
class SparkSubmitIT {
    static final String JOB_CLASS = "io.kappareplay.publisher.IngressPublisherJob";
    static final String SPARK_SUBMIT = "KAPPA_SPARK_SUBMIT";

    private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(5);
    private static final int ORDERS = 300;
    private static final String INSTANT = "2024-06-30T00:00:00Z";

    static final Schema ORDER =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Order", "namespace": "test.submit",
                             "fields": [{"name": "order_id", "type": "long"},
                                        {"name": "customer", "type": "string"},
                                        {"name": "amount", "type": "double"},
                                        {"name": "status", "type": "string"}]}""");

    /** The amount of order {@code id} in the version valid at {@link #INSTANT}. */
    private static double amount(int id) {
        return id * 1.5;
    }

    private static String status(int id) {
        return id % 3 == 0 ? "SHIPPED" : "PLACED";
    }

    /**
     * One current version per order; orders 1-50 also have a version that ended before the instant,
     * orders 1-20 one that starts after it (their current version ends then). Only the version
     * valid at the instant may be published.
     */
    private static void writeOrders(Path csv) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("order_id,customer,amount,status,valid_from,valid_to");
        for (int id = 1; id <= ORDERS; id++) {
            String customer = "customer-" + (id % 17);
            if (id <= 50) {
                lines.add(
                        id
                                + ","
                                + customer
                                + ",-1.0,DRAFT,2023-01-01T00:00:00Z,2024-01-01T00:00:00Z");
            }
            String validTo = id <= 20 ? "2024-09-01T00:00:00Z" : "";
            lines.add(
                    id
                            + ","
                            + customer
                            + ","
                            + amount(id)
                            + ","
                            + status(id)
                            + ",2024-01-01T00:00:00Z,"
                            + validTo);
            if (id <= 20) {
                lines.add(id + "," + customer + ",-2.0,CANCELLED,2024-09-01T00:00:00Z,");
            }
        }
        Files.createDirectories(csv.getParent());
        Files.write(csv, lines, UTF_8);
    }

    private static Path writeSpec(Path directory, JobNames names, Path source, Path warehouse)
            throws IOException {
        Files.writeString(directory.resolve("order.avsc"), ORDER.toString(), UTF_8);
        Path spec = directory.resolve("job.yaml");
        Files.writeString(
                spec,
                """
                job-id: %s
                source:
                  format: csv
                  path: %s
                  key-column: order_id
                  point-in-time:
                    mode: as-of
                    instant: %s
                    valid-from-column: valid_from
                    valid-to-column: valid_to
                ingress:
                  contract:
                    avsc: order.avsc
                  partitions: 6
                warehouse-root: %s
                kafka:
                  bootstrap-servers: %s
                registry:
                  url: %s
                """
                        .formatted(
                                names.jobId(),
                                source.toUri(),
                                INSTANT,
                                warehouse.toUri(),
                                TestingKafka.shared().bootstrapServers(),
                                TestingRegistry.shared().url()),
                UTF_8);
        return spec;
    }

    /** Runs spark-submit to its end and returns its exit code; its output goes to {@code log}. */
    private static int submit(String sparkSubmit, Path work, Path spec, Path log)
            throws IOException, InterruptedException {
        List<String> command =
                List.of(
                        sparkSubmit,
                        "--master",
                        "local[2]",
                        "--class",
                        JOB_CLASS,
                        "--conf",
                        "spark.driver.host=127.0.0.1",
                        "--conf",
                        "spark.driver.bindAddress=127.0.0.1",
                        "--conf",
                        "spark.ui.enabled=false",
                        "--conf",
                        "spark.sql.warehouse.dir=" + work.resolve("spark-warehouse").toUri(),
                        "--conf",
                        "spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName="
                                + work.resolve("metastore_db")
                                + ";create=true",
                        "--driver-java-options",
                        "-Dderby.system.home=" + work.resolve("derby"),
                        SparkAppJarIT.sparkAppJar().toString(),
                        "--spec",
                        spec.toString());
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        // The Java 17 this test runs on; spark-submit adds Spark's --add-opens for it itself.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(SUBMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(
                    "spark-submit did not finish within " + SUBMIT_TIMEOUT + ":\n" + tail(log));
        }
        return process.exitValue();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    /** Every committed record of the ingress topic, from the beginning to the end. */
    private static List<ConsumerRecord<String, byte[]>> readCommitted(String topic) {
        Map<String, Object> config = new HashMap<>(TestingKafka.shared().clientProperties());
        config.put("isolation.level", "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(
                        config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime()).as("read %s to its end", topic).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static GenericRecord decode(byte[] value) throws IOException {
        WireFormat.Frame frame = WireFormat.decode(value);
        return new GenericDatumReader<GenericRecord>(ORDER)
                .read(
                        null,
                        DecoderFactory.get()
                                .binaryDecoder(
                                        frame.payload(),
                                        frame.bodyOffset(),
                                        frame.bodyLength(),
                                        null));
    }

    @Test
    void sparkSubmitPublishesTheCsvSnapshotAndWritesTheManifest() throws Exception {
        String sparkSubmit = System.getenv(SPARK_SUBMIT);
        assumeTrue(
                sparkSubmit != null && !sparkSubmit.isBlank(),
                SPARK_SUBMIT
                        + " is not set: run bash .ci/run, or set it to the bin/spark-submit of"
                        + " pyspark 4.0.0 (pip install pyspark==4.0.0), to run this test");
        JobNames names = JobNames.of("spark-submit-csv");
        Path work =
                Files.createTempDirectory(
                        Files.createDirectories(Path.of(System.getProperty("kappa.test.work-dir"))),
                        "spark-submit-");
        Path warehouse = work.resolve("warehouse");
        Path source = work.resolve("source/orders");
        writeOrders(source.resolve("orders.csv"));
        Path spec = writeSpec(work, names, source, warehouse);
        Path log = work.resolve("spark-submit.log");
        // A spec the parser refuses is this test's mistake, not the job's: say so here.
        assertThat(new JobSpecParser().parse(spec).names()).isEqualTo(names);

        int exitCode = submit(sparkSubmit, work, spec, log);

        assertThat(exitCode)
                .as("exit code of spark-submit --class %s; its output:%n%s", JOB_CLASS, tail(log))
                .isZero();
        int schemaId =
                new HttpSchemaRegistryClient(
                                RegistryClientConfig.from(
                                        TestingRegistry.shared().clientProperties()))
                        .latestVersion(JobNames.valueSubject(names.ingressTopic()))
                        .id();
        List<ConsumerRecord<String, byte[]>> records = readCommitted(names.ingressTopic());
        assertThat(records).hasSize(ORDERS);
        Map<String, GenericRecord> byKey = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            assertThat(WireFormat.decode(record.value()).schemaId()).isEqualTo(schemaId);
            assertThat(new String(record.headers().lastHeader(KappaHeaders.JOB).value(), UTF_8))
                    .isEqualTo(names.jobId());
            byKey.put(record.key(), decode(record.value()));
        }
        assertThat(byKey).hasSize(ORDERS);
        for (int id : new int[] {1, 20, 21, 50, 51, ORDERS}) {
            GenericRecord order = byKey.get(Integer.toString(id));
            assertThat(order.get("order_id")).as("order %d", id).isEqualTo((long) id);
            assertThat(order.get("amount")).as("order %d", id).isEqualTo(amount(id));
            assertThat(order.get("status").toString()).as("order %d", id).isEqualTo(status(id));
            assertThat(order.get("customer").toString())
                    .as("order %d", id)
                    .isEqualTo("customer-" + (id % 17));
        }
        assertThat(byKey.values())
                .extracting(order -> (double) order.get("amount"))
                .as("no version outside the instant")
                .allMatch(amount -> amount > 0);

        Path manifest = Path.of(names.ingressManifest(warehouse.toUri()));
        assertThat(manifest).isRegularFile();
        IngressManifest ingress = IngressManifest.fromJson(Files.readString(manifest, UTF_8));
        assertThat(ingress.records()).isEqualTo(ORDERS);
        assertThat(ingress.rejects()).isZero();
    }
}
