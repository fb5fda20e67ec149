package io.kappareplay.sink.bounded;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a job's topics hold outside the range a bounded run reads, {@code [0, end offset)} of each
 * partition: the landed rows can match {@code egress.json} and still miss committed records that
 * lie there, and no count taken from the same topic would notice.
 *
 * <ul>
 *   <li><b>The earliest offset</b>, asked before the run reads anything. Above 0, the broker has
 *       deleted records the sink never read (time or size retention, or DeleteRecords): a job's
 *       egress topic starts at offset 0, and once deleted a record cannot be told from a marker.
 *       {@code egress.json}, if counted after the deletion, agrees with what is left, as in the
 *       HdfsSinkIT flake where a retention check deleted a fixture's first segment.
 *   <li><b>Committed records at or after the end offset</b>, read read_committed once the run has
 *       finished. Any there means {@code egress.json} was written before the job's last transaction
 *       committed, and those records would never land.
 * </ul>
 */
public final class TopicExtent {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private TopicExtent() {}

    /** The earliest offset of each partition in {@code partitions}. */
    public static Map<TopicPartition, Long> earliestOffsets(
            Map<String, Object> client, Iterable<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, OffsetSpec.earliest()));
        try (Admin admin = Admin.create(client)) {
            return offsets(admin.listOffsets(request), "earliest");
        }
    }

    /**
     * Committed records at or after each partition's end offset, counted by reading them (no offset
     * arithmetic: markers and aborted records take offsets too). A transaction still open there is
     * not waited for: what it holds is not committed now.
     */
    public static Map<TopicPartition, Long> committedAfter(
            Map<String, Object> client, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> stable;
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        ends.keySet().forEach(partition -> request.put(partition, OffsetSpec.latest()));
        try (Admin admin = Admin.create(client)) {
            stable =
                    offsets(
                            admin.listOffsets(
                                    request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)),
                            "read_committed end");
        }
        Map<TopicPartition, Long> after = new HashMap<>();
        Map<TopicPartition, Long> unread = new HashMap<>();
        ends.forEach(
                (partition, end) -> {
                    after.put(partition, 0L);
                    if (stable.get(partition) > end) {
                        unread.put(partition, stable.get(partition));
                    }
                });
        if (unread.isEmpty()) {
            return after;
        }
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(unread.keySet());
            unread.keySet().forEach(partition -> consumer.seek(partition, ends.get(partition)));
            while (!unread.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Cannot read past the end offsets of egress.json within "
                                    + TIMEOUT
                                    + ": "
                                    + unread.keySet()
                                    + " not read to their read_committed end");
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition =
                            new TopicPartition(record.topic(), record.partition());
                    Long stop = unread.get(partition);
                    if (stop != null && record.offset() < stop) {
                        after.merge(partition, 1L, Long::sum);
                    }
                }
                for (TopicPartition partition : List.copyOf(unread.keySet())) {
                    if (consumer.position(partition) >= unread.get(partition)) {
                        unread.remove(partition);
                        consumer.pause(List.of(partition));
                    }
                }
            }
        }
        return after;
    }

    private static Map<TopicPartition, Long> offsets(ListOffsetsResult result, String which) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try {
            result.all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((partition, info) -> offsets.put(partition, info.offset()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while listing " + which + " offsets", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Cannot list the " + which + " offsets of the job's topics: " + e, e);
        }
        return offsets;
    }
}
