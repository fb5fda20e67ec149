package io.kappareplay.publisher.testing;

import io.kappareplay.local.TestingKafka;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the tests read back from a topic of the shared test broker, independently of the code under
 * test: every committed record, the data records of the log (aborted ones included), and
 * ARCHITECTURE.md's key checksum written out.
 */
public final class IngressTopics {
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private IngressTopics() {}

    /** Every committed record of {@code topic}, partition by partition in offset order. */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        readToEnd(topic, "read_committed", records::add);
        records.sort(
                (a, b) ->
                        a.partition() != b.partition()
                                ? Integer.compare(a.partition(), b.partition())
                                : Long.compare(a.offset(), b.offset()));
        return records;
    }

    /**
     * The data records on {@code topic} as a read_uncommitted reader sees them: those of aborted
     * and open transactions included, transaction markers not.
     */
    public static long countUncommitted(String topic) {
        long[] count = {0};
        readToEnd(topic, "read_uncommitted", record -> count[0]++);
        return count[0];
    }

    /**
     * ARCHITECTURE.md's checksum written out: the sum, mod 2^64, of the first 8 bytes of SHA-256 of
     * each key's UTF-8 bytes read as a big-endian long.
     */
    public static long checksum(Collection<String> keys) {
        try {
            long sum = 0;
            for (String key : keys) {
                byte[] digest =
                        MessageDigest.getInstance("SHA-256")
                                .digest(key.getBytes(StandardCharsets.UTF_8));
                sum += ByteBuffer.wrap(digest, 0, 8).getLong();
            }
            return sum;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void readToEnd(
            String topic, String isolation, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<String, Object> config = new HashMap<>(TestingKafka.shared().clientProperties());
        config.put("isolation.level", isolation);
        config.put("enable.auto.commit", "false");
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
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!unread.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Could not read " + topic + " to its end: " + unread);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(each);
                unread.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
            }
        }
    }
}
