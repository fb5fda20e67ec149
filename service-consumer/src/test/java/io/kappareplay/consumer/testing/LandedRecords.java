package io.kappareplay.consumer.testing;

import io.kappareplay.schemas.naming.KappaHeaders;
import io.kappareplay.schemas.serde.KappaAvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads an egress or DLQ topic back read_committed, as the sink and reconciliation will: every
 * record with its lineage headers and, for egress, its decoded value.
 */
public final class LandedRecords {
    /**
     * One landed record: where its input was, and what it carries. {@code timestamp} is the
     * record's timestamp, which the runtime sets when it finished the input ({@code processed_at}).
     */
    public record Landed(
            int ingressPartition,
            long ingressOffset,
            String key,
            GenericRecord value,
            byte[] rawValue,
            Map<String, String> headers,
            long timestamp) {
        public int outputIndex() {
            return Integer.parseInt(headers.get(KappaHeaders.OUTPUT_INDEX));
        }

        public int outputCount() {
            return Integer.parseInt(headers.get(KappaHeaders.OUTPUT_COUNT));
        }
    }

    private LandedRecords() {}

    /** Everything committed on {@code topic} up to its current end offsets. */
    public static List<Landed> read(
            Map<String, String> kafka, Map<String, String> registry, String topic, boolean decode) {
        Map<TopicPartition, Long> ends = endOffsets(kafka, topic);
        Map<String, Object> config = new HashMap<>(kafka);
        config.put("isolation.level", "read_committed");
        List<Landed> landed = new ArrayList<>();
        try (KappaAvroDeserializer values = new KappaAvroDeserializer();
                KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(
                                config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            values.configure(registry, false);
            Set<TopicPartition> unread = new HashSet<>();
            ends.forEach(
                    (partition, end) -> {
                        if (end > 0) {
                            unread.add(partition);
                        }
                    });
            consumer.assign(unread);
            consumer.seekToBeginning(unread);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!unread.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new HashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(
                                header.key(), new String(header.value(), StandardCharsets.UTF_8));
                    }
                    GenericRecord value =
                            decode && record.value() != null
                                    ? (GenericRecord) values.decode(record)
                                    : null;
                    landed.add(
                            new Landed(
                                    Integer.parseInt(headers.get(KappaHeaders.INGRESS_PARTITION)),
                                    Long.parseLong(headers.get(KappaHeaders.INGRESS_OFFSET)),
                                    record.key() == null
                                            ? null
                                            : new String(record.key(), StandardCharsets.UTF_8),
                                    value,
                                    record.value(),
                                    headers,
                                    record.timestamp()));
                }
                unread.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
            }
            if (!unread.isEmpty()) {
                throw new IllegalStateException(
                        "Could not read " + topic + " to its end: " + unread);
            }
        }
        return landed;
    }

    /**
     * The data records on {@code topic} as a read_uncommitted reader sees them: those of aborted
     * transactions included, commit markers not.
     */
    public static int countUncommitted(Map<String, String> kafka, String topic) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put("isolation.level", "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Set<TopicPartition> unread = new HashSet<>(partitions);
            int count = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!unread.isEmpty() && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(200)).count();
                unread.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
            }
            if (!unread.isEmpty()) {
                throw new IllegalStateException(
                        "Could not read " + topic + " to its end: " + unread);
            }
            return count;
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Map<String, String> kafka, String topic) {
        try (Admin admin = Admin.create(new HashMap<>(kafka))) {
            int partitions =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions()
                            .size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get()
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list the end offsets of " + topic, e);
        }
    }
}
