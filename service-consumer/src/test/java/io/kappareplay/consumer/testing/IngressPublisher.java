package io.kappareplay.consumer.testing;

import io.kappareplay.schemas.kafka.TopicProvisioner;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.naming.KappaHeaders;
import io.kappareplay.schemas.serde.KappaAvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes test ingress the way the Spark publisher will: creates the job's topics, then writes
 * Avro records in Kafka transactions with the lineage headers, keyed by business key.
 */
public final class IngressPublisher {
    public static final Instant SNAPSHOT = Instant.parse("2024-06-30T00:00:00Z");

    /**
     * The ingress schema of the test jobs: {@code test.runtime.ReplayInputRow}, one int field
     * {@code i}, the row's number.
     */
    public static final Schema ROW_SCHEMA =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "ReplayInputRow", "namespace": "test.runtime",
                             "fields": [{"name": "i", "type": "int"}]}""");

    private final Map<String, String> kafka;
    private final Map<String, String> registry;
    private final JobNames names;

    public IngressPublisher(
            Map<String, String> kafka, Map<String, String> registry, JobNames names) {
        this.kafka = kafka;
        this.registry = registry;
        this.names = names;
    }

    /** Creates ingress, egress and DLQ with {@code partitions} partitions each. */
    public IngressPublisher createTopics(int partitions) {
        try (Admin admin = Admin.create(new HashMap<>(kafka))) {
            TopicProvisioner topics = new TopicProvisioner(admin, Duration.ofMinutes(1));
            topics.ensure(names.ingressTopic(), partitions, Map.of());
            topics.ensure(names.egressTopic(), partitions, Map.of());
            topics.ensure(names.dlqTopic(), partitions, Map.of());
        }
        return this;
    }

    /** Test row number {@code i}: a {@link #ROW_SCHEMA} record with {@code i} set. */
    public static GenericRecord row(int i) {
        GenericRecord row = new GenericData.Record(ROW_SCHEMA);
        row.put("i", i);
        return row;
    }

    /** The business key of test row number {@code i}: {@code k-<i>}. */
    public static String key(int i) {
        return "k-" + i;
    }

    /**
     * Publishes test rows 0 to {@code count - 1} ({@link #row}, keyed by {@link #key}), {@code
     * perTransaction} to a transaction.
     */
    public void publish(int count, int perTransaction) {
        publish(0, count, perTransaction);
    }

    /**
     * Publishes test rows {@code from} to {@code from + count - 1} ({@link #row}, keyed by {@link
     * #key}), {@code perTransaction} to a transaction.
     */
    public void publish(int from, int count, int perTransaction) {
        publish(from, count, perTransaction, IngressPublisher::row, IngressPublisher::key);
    }

    /** Publishes records 0 to {@code count - 1}, {@code perTransaction} to a transaction. */
    public void publish(
            int count,
            int perTransaction,
            IntFunction<GenericRecord> row,
            IntFunction<String> key) {
        publish(0, count, perTransaction, row, key);
    }

    /**
     * Publishes records {@code from} to {@code from + count - 1} (row, key and lineage {@code
     * row-<i>} of each made from its number), {@code perTransaction} to a transaction.
     */
    public void publish(
            int from,
            int count,
            int perTransaction,
            IntFunction<GenericRecord> row,
            IntFunction<String> key) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put("transactional.id", names.transactionalId("test-publisher", 0));
        config.put("linger.ms", "5");
        try (KappaAvroSerializer values = new KappaAvroSerializer();
                KafkaProducer<String, byte[]> producer =
                        new KafkaProducer<>(
                                config, new StringSerializer(), new ByteArraySerializer())) {
            values.configure(registry, false);
            producer.initTransactions();
            int end = from + count;
            for (int start = from; start < end; start += perTransaction) {
                producer.beginTransaction();
                for (int i = start; i < Math.min(end, start + perTransaction); i++) {
                    RecordHeaders headers = new RecordHeaders();
                    headers.add(KappaHeaders.JOB, utf8(names.jobId()));
                    headers.add(KappaHeaders.SNAPSHOT, utf8(SNAPSHOT.toString()));
                    headers.add(KappaHeaders.LINEAGE, utf8("row-" + i));
                    producer.send(
                            new ProducerRecord<>(
                                    names.ingressTopic(),
                                    null,
                                    key.apply(i),
                                    values.serialize(names.ingressTopic(), row.apply(i)),
                                    headers));
                }
                producer.commitTransaction();
            }
        }
    }

    /** Publishes raw bytes under {@code key}: a corrupt payload for the DLQ path. */
    public void publishRaw(String key, byte[] value) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put("transactional.id", names.transactionalId("test-publisher-raw", 0));
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(names.ingressTopic(), key, value));
            producer.commitTransaction();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
