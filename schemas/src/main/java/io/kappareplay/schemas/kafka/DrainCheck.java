package io.kappareplay.schemas.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether a consumer group has finished a topic: on every partition no transaction is pending and
 * the group's committed offset has reached the read_committed end offset (the last stable offset,
 * LSO) — or everything between the two is control records. A replay may also end at given offsets
 * (its publisher's): then each partition must be settled up to its end and the group must have
 * reached it, whatever is written beyond. Counting records from offsets would be wrong (transaction
 * markers take offsets); comparing positions is exact.
 *
 * <p>Why the read: a consumer that commits "last finished offset + 1" (the contiguous completed
 * prefix) stops short of a partition's trailing commit marker, forever below the LSO. For such a
 * partition this check reads read_committed from the committed offset, without a group, and counts
 * it drained when no record comes back before the LSO.
 *
 * <pre>{@code
 * DrainCheck check = new DrainCheck(admin, clientProperties, Duration.ofSeconds(30));
 * DrainStatus status = check.check("kappa.orders", "kappa.orders.ingress");
 * if (status.drained()) { ... }
 * }</pre>
 */
public final class DrainCheck {
    private final Admin admin;
    private final Map<String, Object> clientProperties;
    private final Duration timeout;

    /**
     * @param clientProperties what a consumer needs to connect (bootstrap servers, security); used
     *     only when a partition has to be read
     */
    public DrainCheck(Admin admin, Map<String, ?> clientProperties, Duration timeout) {
        this.admin = admin;
        this.clientProperties = Map.copyOf(clientProperties);
        this.timeout = timeout;
    }

    /** Whether {@code group} has consumed everything written to {@code topic} so far. */
    public DrainStatus check(String group, String topic) {
        return check(group, topic, Map.of());
    }

    /**
     * Whether {@code group} has consumed {@code topic} up to the given end offsets, whatever lies
     * beyond them: a replay that ends where its publisher's manifest says, while more is published.
     *
     * @param endOffsets by partition, one for every partition of the topic; empty = everything
     *     written so far (the high watermarks)
     * @throws IllegalArgumentException if {@code endOffsets} is not empty and does not list exactly
     *     the topic's partitions
     */
    public DrainStatus check(String group, String topic, Map<Integer, Long> endOffsets) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String context = " for the drain check of group " + group + " on " + topic;
        Map<TopicPartition, OffsetSpec> request =
                EndOffsets.latestOfEveryPartition(admin, topic, deadline, context);
        requireEveryPartition(topic, request.keySet(), endOffsets);
        Map<TopicPartition, Long> stable =
                EndOffsets.of(
                        admin,
                        request,
                        IsolationLevel.READ_COMMITTED,
                        deadline,
                        "list stable offsets" + context);
        Map<TopicPartition, Long> highWatermarks =
                EndOffsets.of(
                        admin,
                        request,
                        IsolationLevel.READ_UNCOMMITTED,
                        deadline,
                        "list high watermarks" + context);
        Map<TopicPartition, OffsetAndMetadata> committed =
                TopicProvisioner.await(
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                        deadline,
                        "list committed offsets" + context);

        Map<TopicPartition, Long> committedOffsets = new HashMap<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        Map<TopicPartition, Long> behind = new HashMap<>();
        for (TopicPartition partition : request.keySet()) {
            OffsetAndMetadata offset = committed.get(partition);
            long position = offset == null ? 0 : offset.offset();
            long end =
                    endOffsets.getOrDefault(partition.partition(), highWatermarks.get(partition));
            committedOffsets.put(partition, position);
            ends.put(partition, end);
            boolean settled = stable.get(partition) >= end;
            if (settled && position < end) {
                behind.put(partition, position);
            }
        }
        Set<TopicPartition> onlyControlRecords = onlyControlRecordsAhead(behind, ends, deadline);

        List<PartitionProgress> progress = new ArrayList<>();
        for (TopicPartition partition : request.keySet()) {
            progress.add(
                    new PartitionProgress(
                            partition.partition(),
                            committedOffsets.get(partition),
                            stable.get(partition),
                            highWatermarks.get(partition),
                            ends.get(partition),
                            onlyControlRecords.contains(partition)));
        }
        progress.sort(Comparator.comparingInt(PartitionProgress::partition));
        return new DrainStatus(group, topic, progress);
    }

    private static void requireEveryPartition(
            String topic, Set<TopicPartition> partitions, Map<Integer, Long> endOffsets) {
        if (endOffsets.isEmpty()) {
            return;
        }
        Set<Integer> expected = new TreeSet<>();
        partitions.forEach(partition -> expected.add(partition.partition()));
        if (!expected.equals(new TreeSet<>(endOffsets.keySet()))) {
            Set<Integer> missing = new TreeSet<>(expected);
            missing.removeAll(endOffsets.keySet());
            Set<Integer> unknown = new TreeSet<>(endOffsets.keySet());
            unknown.removeAll(expected);
            throw new IllegalArgumentException(
                    "The end offsets must list every partition of "
                            + topic
                            + " (0 to "
                            + (expected.size() - 1)
                            + "): "
                            + (missing.isEmpty() ? "" : "missing " + missing)
                            + (missing.isEmpty() || unknown.isEmpty() ? "" : ", ")
                            + (unknown.isEmpty() ? "" : "not in the topic " + unknown));
        }
    }

    /**
     * Of the partitions whose committed offset is below their (settled) end, those that hold no
     * record a read_committed consumer would see in between.
     */
    private Set<TopicPartition> onlyControlRecordsAhead(
            Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends, long deadline) {
        if (committed.isEmpty()) {
            return Set.of();
        }
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        Set<TopicPartition> undecided = new HashSet<>(committed.keySet());
        Set<TopicPartition> controlOnly = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(undecided);
            committed.forEach(consumer::seek);
            while (!undecided.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaCallException(
                            "Cannot read "
                                    + undecided
                                    + " from the committed offsets for the drain check: no answer within "
                                    + timeout,
                            null);
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    TopicPartition partition =
                            new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(partition)) {
                        undecided.remove(partition);
                        consumer.pause(List.of(partition));
                    }
                }
                for (TopicPartition partition : List.copyOf(undecided)) {
                    if (consumer.position(partition) >= ends.get(partition)) {
                        undecided.remove(partition);
                        controlOnly.add(partition);
                        consumer.pause(List.of(partition));
                    }
                }
            }
        }
        return controlOnly;
    }
}
