package io.kappareplay.schemas.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the committed records of a topic per partition by reading them read_committed, up to the
 * end offsets of the moment of the call: the numbers a manifest records ({@code egress.json}) and
 * reconciliation trusts. Counts come from the read, never from offset arithmetic.
 *
 * <pre>{@code
 * List<PartitionCount> counts = new CommittedRecordCounter(admin, clientProperties, Duration.ofMinutes(5))
 *         .count("kappa.orders.egress");
 * }</pre>
 */
public final class CommittedRecordCounter {
    private final Admin admin;
    private final Map<String, Object> clientProperties;
    private final Duration timeout;

    public CommittedRecordCounter(Admin admin, Map<String, ?> clientProperties, Duration timeout) {
        this.admin = admin;
        this.clientProperties = Map.copyOf(clientProperties);
        this.timeout = timeout;
    }

    /**
     * @throws KafkaCallException if a transaction on the topic stays open past the timeout: its
     *     records could still commit below the end offsets read now
     */
    public List<PartitionCount> count(String topic) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, OffsetSpec> request =
                EndOffsets.latestOfEveryPartition(admin, topic, deadline, "to count its records");
        Map<TopicPartition, Long> ends = settledEndOffsets(topic, request, deadline);

        Map<TopicPartition, Long> counts = new HashMap<>();
        ends.keySet().forEach(partition -> counts.put(partition, 0L));
        Set<TopicPartition> unread = new HashSet<>();
        ends.forEach(
                (partition, end) -> {
                    if (end > 0) {
                        unread.add(partition);
                    }
                });
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(unread);
            consumer.seekToBeginning(unread);
            while (!unread.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaCallException(
                            "Cannot count the records of "
                                    + topic
                                    + " within "
                                    + timeout
                                    + ": "
                                    + unread.size()
                                    + " partition(s) not read to their end offset, e.g. "
                                    + unread.iterator().next(),
                            null);
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition =
                            new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(partition)) {
                        counts.merge(partition, 1L, Long::sum);
                    }
                }
                for (TopicPartition partition : List.copyOf(unread)) {
                    if (consumer.position(partition) >= ends.get(partition)) {
                        unread.remove(partition);
                        consumer.pause(List.of(partition));
                    }
                }
            }
        }
        List<PartitionCount> result = new ArrayList<>();
        ends.forEach(
                (partition, end) ->
                        result.add(
                                new PartitionCount(
                                        partition.partition(), end, counts.get(partition))));
        result.sort(Comparator.comparingInt(PartitionCount::partition));
        return result;
    }

    /**
     * The read_committed end offsets once no transaction is pending on any partition (the stable
     * offset equals the high watermark). Right after a commit its markers are still being written:
     * an end offset read then would cut the last transaction off.
     */
    private Map<TopicPartition, Long> settledEndOffsets(
            String topic, Map<TopicPartition, OffsetSpec> request, long deadline) {
        while (true) {
            String operation = "list the end offsets of " + topic;
            Map<TopicPartition, Long> stable =
                    EndOffsets.of(
                            admin, request, IsolationLevel.READ_COMMITTED, deadline, operation);
            Map<TopicPartition, Long> high =
                    EndOffsets.of(
                            admin, request, IsolationLevel.READ_UNCOMMITTED, deadline, operation);
            List<TopicPartition> pending =
                    stable.keySet().stream()
                            .filter(p -> !stable.get(p).equals(high.get(p)))
                            .toList();
            if (pending.isEmpty()) {
                return stable;
            }
            if (System.nanoTime() > deadline) {
                throw new KafkaCallException(
                        "Cannot count the records of "
                                + topic
                                + ": a transaction stays open on "
                                + pending
                                + " past "
                                + timeout
                                + "; wait for its producer to finish (or for transaction.timeout.ms to abort it)",
                        null);
            }
            TopicProvisioner.backOff();
        }
    }
}
