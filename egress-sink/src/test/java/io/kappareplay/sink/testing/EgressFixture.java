package io.kappareplay.sink.testing;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.schemas.kafka.CommittedRecordCounter;
import io.kappareplay.schemas.kafka.PartitionCount;
import io.kappareplay.schemas.kafka.TopicProvisioner;
import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.naming.KappaHeaders;
import io.kappareplay.schemas.registry.HttpSchemaRegistryClient;
import io.kappareplay.schemas.registry.RegistryClientConfig;
import io.kappareplay.schemas.serde.KappaAvroSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A job's egress and DLQ topics as the consumer in exactly-once mode leaves them, on the shared
 * test broker: outputs and 0-output markers produced in transactions to the partition of their
 * input, an aborted transaction last on partition 0 (its records must never land), dead letters,
 * and one egress record whose value is not Avro. Then {@code egress.json}, counted read_committed
 * as the consumer counts it.
 */
public final class EgressFixture {
    public static final Schema OUTPUT =
            SchemaBuilder.record("OrderScore")
                    .namespace("io.kappareplay.sink.it")
                    .fields()
                    .requiredString("order_id")
                    .requiredDouble("score")
                    .optionalString("label")
                    .endRecord();

    /** Where processed_at starts: the rows span two UTC days. */
    public static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    /** A value the sink cannot decode (no wire-format header). */
    public static final byte[] CORRUPT_VALUE = {1, 2, 3};

    /**
     * The records carry processed_at timestamps from {@link #START}, months before the day a test
     * runs. Under the broker's default time retention (7 days, checked 30 s after it starts and
     * every 5 minutes after) a check that fell while the fixture was producing deleted the log
     * segment it was writing, committed records and all: HdfsSinkIT once saw 2,501 records gone
     * (offsets 0..2499 of partition 1 and 0 of partition 0, the first transaction's), and
     * egress.json, counted after the deletion, agreed with the sink.
     */
    private static final Map<String, String> KEEP_FOREVER = Map.of("retention.ms", "-1");

    /** Ingress offsets of outputs appended by {@link #appendCommitted} start here. */
    public static final long LATE_OFFSETS = 20_000_000L;

    /** Ingress offsets of the aborted outputs start here. */
    public static final long ABORTED_OFFSETS = 10_000_000L;

    public final JobNames job;
    public final int partitions;
    public final int egressRows;
    public final int deadLetters;

    public EgressFixture(String jobPrefix, int partitions, int egressRows, int deadLetters) {
        this.job = JobNames.of(jobPrefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        this.partitions = partitions;
        this.egressRows = egressRows;
        this.deadLetters = deadLetters;
    }

    /** How many outputs the input at {@code ingressOffset} has: 0 (a marker), 1 or 2. */
    public static int outputCount(long ingressOffset) {
        long mod = ingressOffset % 10;
        return mod == 3 ? 0 : mod == 7 ? 2 : 1;
    }

    public static String orderId(int partition, long ingressOffset) {
        return "order-" + partition + "-" + ingressOffset;
    }

    public static double score(long ingressOffset, int outputIndex) {
        return ingressOffset * 0.5 + outputIndex;
    }

    public static String recordKey(int partition, long ingressOffset) {
        return "key-" + partition + "-" + ingressOffset;
    }

    /** The processed_at of the n-th egress record produced (0-based). */
    public static long processedAt(long sequence) {
        return START.toEpochMilli() + sequence * 1_000L;
    }

    /**
     * Creates the topics, registers the output schema, produces, checks that a read_committed read
     * sees exactly what was produced, and writes egress.json.
     *
     * @throws AssertionError naming each partition whose committed records differ from what the
     *     fixture sent in committed transactions, and the acknowledged offsets a read_committed
     *     read does not return
     */
    public EgressManifest produce(URI warehouse) {
        TestingKafka kafka = TestingKafka.shared();
        Map<String, Object> client = new HashMap<>(kafka.clientProperties());
        try (Admin admin = Admin.create(client)) {
            TopicProvisioner topics = new TopicProvisioner(admin, Duration.ofMinutes(1));
            topics.ensure(job.egressTopic(), partitions, KEEP_FOREVER);
            topics.ensure(job.dlqTopic(), partitions, KEEP_FOREVER);
            HttpSchemaRegistryClient registry =
                    new HttpSchemaRegistryClient(
                            RegistryClientConfig.from(TestingRegistry.shared().clientProperties()));
            registry.register(JobNames.valueSubject(job.egressTopic()), OUTPUT);
            KappaAvroSerializer values = new KappaAvroSerializer(registry);
            values.configure(Map.of(), false);
            CheckedSends sent = produceRecords(client, values);
            CommittedRecordCounter counter =
                    new CommittedRecordCounter(admin, client, Duration.ofMinutes(2));
            List<PartitionCount> egress = counter.count(job.egressTopic());
            List<PartitionCount> dlq = counter.count(job.dlqTopic());
            sent.assertCommitted(job.egressTopic(), egress, client);
            sent.assertCommitted(job.dlqTopic(), dlq, client);
            return writeEgressManifest(warehouse, egress, dlq);
        }
    }

    /**
     * Counts the topics read_committed again and writes egress.json from that count, as the
     * consumer's job mode would if it counted now.
     */
    public EgressManifest recountEgressManifest(URI warehouse) {
        Map<String, Object> client = new HashMap<>(TestingKafka.shared().clientProperties());
        try (Admin admin = Admin.create(client)) {
            CommittedRecordCounter counter =
                    new CommittedRecordCounter(admin, client, Duration.ofMinutes(2));
            return writeEgressManifest(
                    warehouse, counter.count(job.egressTopic()), counter.count(job.dlqTopic()));
        }
    }

    private EgressManifest writeEgressManifest(
            URI warehouse, List<PartitionCount> egress, List<PartitionCount> dlq) {
        EgressManifest manifest =
                new EgressManifest(
                        job.jobId(),
                        Instant.now(),
                        EgressManifest.TopicEnd.of(job.egressTopic(), egress),
                        EgressManifest.TopicEnd.of(job.dlqTopic(), dlq));
        manifest.writeTo(Path.of(job.egressManifest(warehouse)));
        return manifest;
    }

    /**
     * Commits {@code count} more egress outputs to {@code partition} in one transaction of another
     * producer, e.g. after egress.json was written.
     */
    public void appendCommitted(int partition, int count) {
        Map<String, Object> config = new HashMap<>(TestingKafka.shared().clientProperties());
        config.put("transactional.id", job.transactionalId("late", 0));
        HttpSchemaRegistryClient registry =
                new HttpSchemaRegistryClient(
                        RegistryClientConfig.from(TestingRegistry.shared().clientProperties()));
        KappaAvroSerializer values = new KappaAvroSerializer(registry);
        values.configure(Map.of(), false);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (long offset = 0; offset < count; offset++) {
            records.addAll(
                    outputs(values, partition, LATE_OFFSETS + offset, 1, START.toEpochMilli()));
        }
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            new CheckedSends().commit(producer, records);
        }
    }

    /**
     * The fixture's transactions in order: outputs and markers in transactions of about 5,000
     * records, then the undecodable value and the dead letters.
     */
    private List<List<ProducerRecord<byte[], byte[]>>> committedTransactions(
            KappaAvroSerializer values, long[] nextOffset, long[] sequence) {
        List<List<ProducerRecord<byte[], byte[]>>> transactions = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> transaction = new ArrayList<>();
        int produced = 0;
        int partition = 0;
        while (produced < egressRows) {
            long offset = nextOffset[partition]++;
            int count = outputCount(offset);
            if (count > egressRows - produced) {
                continue;
            }
            for (ProducerRecord<byte[], byte[]> record :
                    outputs(values, partition, offset, count, processedAt(sequence[0]++))) {
                transaction.add(record);
                produced++;
            }
            partition = (partition + 1) % partitions;
            if (produced % 5_000 < 2) {
                transactions.add(transaction);
                transaction = new ArrayList<>();
            }
        }
        transaction.add(
                egress(1, nextOffset[1]++, 0, 1, CORRUPT_VALUE, processedAt(sequence[0]++)));
        for (int i = 0; i < deadLetters; i++) {
            transaction.add(deadLetter(i % partitions, 500_000L + i, processedAt(i * 7L)));
        }
        transactions.add(transaction);
        return transactions;
    }

    private CheckedSends produceRecords(Map<String, Object> client, KappaAvroSerializer values) {
        Map<String, Object> config = new HashMap<>(client);
        config.put("transactional.id", job.transactionalId("consumer", 0));
        config.put("linger.ms", "5");
        CheckedSends sent = new CheckedSends();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            long[] nextOffset = new long[partitions];
            long[] sequence = {0};
            for (List<ProducerRecord<byte[], byte[]>> transaction :
                    committedTransactions(values, nextOffset, sequence)) {
                sent.commit(producer, transaction);
            }

            // Outputs of an attempt that failed: the broker keeps them, aborted, and an abort
            // marker is the last entry of partition 0.
            producer.beginTransaction();
            for (long offset = ABORTED_OFFSETS; offset < ABORTED_OFFSETS + 500; offset++) {
                producer.send(outputs(values, 0, offset, 1, processedAt(sequence[0])).get(0));
            }
            producer.flush();
            producer.abortTransaction();
        }
        return sent;
    }

    private List<ProducerRecord<byte[], byte[]>> outputs(
            KappaAvroSerializer values, int partition, long offset, int count, long timestamp) {
        if (count == 0) {
            return List.of(egress(partition, offset, 0, 0, null, timestamp));
        }
        ProducerRecord<byte[], byte[]>[] records = newArray(count);
        for (int index = 0; index < count; index++) {
            GenericRecord value = new GenericData.Record(OUTPUT);
            value.put("order_id", orderId(partition, offset));
            value.put("score", score(offset, index));
            value.put("label", index == 1 ? "second" : null);
            records[index] =
                    egress(
                            partition,
                            offset,
                            index,
                            count,
                            values.serialize(job.egressTopic(), value),
                            timestamp);
        }
        return List.of(records);
    }

    @SuppressWarnings("unchecked")
    private static ProducerRecord<byte[], byte[]>[] newArray(int size) {
        return new ProducerRecord[size];
    }

    private ProducerRecord<byte[], byte[]> egress(
            int partition, long offset, int index, int count, byte[] value, long timestamp) {
        RecordHeaders headers = lineage(partition, offset);
        headers.add(KappaHeaders.OUTPUT_INDEX, utf8(Integer.toString(index)));
        headers.add(KappaHeaders.OUTPUT_COUNT, utf8(Integer.toString(count)));
        return new ProducerRecord<>(
                job.egressTopic(),
                partition,
                timestamp,
                utf8(recordKey(partition, offset)),
                value,
                headers);
    }

    private ProducerRecord<byte[], byte[]> deadLetter(int partition, long offset, long timestamp) {
        RecordHeaders headers = lineage(partition, offset);
        headers.add(KappaHeaders.ERROR_CLASS, utf8("com.example.PricingException"));
        headers.add(KappaHeaders.ERROR_MESSAGE, utf8("no price for " + offset));
        headers.add(KappaHeaders.ERROR_STAGE, utf8("handle"));
        if (offset % 2 == 0) {
            headers.add(KappaHeaders.ERROR_HTTP_STATUS, utf8("503"));
        }
        return new ProducerRecord<>(
                job.dlqTopic(),
                partition,
                timestamp,
                utf8(recordKey(partition, offset)),
                utf8("raw-input-" + offset),
                headers);
    }

    private RecordHeaders lineage(int partition, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KappaHeaders.JOB, utf8(job.jobId()));
        headers.add(KappaHeaders.INGRESS_PARTITION, utf8(Integer.toString(partition)));
        headers.add(KappaHeaders.INGRESS_OFFSET, utf8(Long.toString(offset)));
        headers.add(KappaHeaders.ATTEMPTS, utf8("1"));
        return headers;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
