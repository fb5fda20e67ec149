package io.kappareplay.consumer.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a share group has finished a topic (the drain check of share-group mode): on every
 * partition no transaction is pending and every offset below the end is delivered for good, which
 * {@code Admin.listShareGroupOffsets} tells per share-partition.
 *
 * <p>It answers with the share-partition start offset (SPSO: below it every record is acknowledged
 * or archived) and, since Kafka 4.2 (KIP-1226), the lag: the offsets below the high watermark that
 * are not delivered for good. A partition is drained when its start offset has reached its
 * read_committed end offset, or when its lag is 0. The second is needed in practice: the broker
 * persists the start offset one acknowledgement behind (measured on 4.4.0: after everything was
 * accepted, start offsets stayed at 0, 3 and 5 of ends 3, 6 and 6, with lag 0), and a trailing
 * transaction marker is only acknowledged as a gap with a later fetch. A lag of 0 counts records
 * the broker archived after its delivery count limit as done, like the start offset does.
 *
 * <p>A partition the group has never fetched from has no share-partition yet and is missing from
 * the answer: drained only if nothing was ever written to it.
 *
 * <pre>{@code
 * ShareDrainCheck.Status status =
 *         new ShareDrainCheck(admin, Duration.ofMinutes(1)).check("kappa.orders.share", "kappa.orders.ingress", 100);
 * if (status.drained()) { ... }
 * }</pre>
 */
final class ShareDrainCheck {
    private final Admin admin;
    private final Duration timeout;

    ShareDrainCheck(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Where {@code group} stands on the {@code partitions} partitions of {@code topic}. */
    Status check(String group, String topic, int partitions) {
        // One deadline for the whole check, as for a consumer group's: the poll loop waits on it.
        long deadline = System.nanoTime() + timeout.toNanos();
        String context = " for the drain check of share group " + group + " on " + topic;
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> stable =
                endOffsets(
                        request,
                        IsolationLevel.READ_COMMITTED,
                        deadline,
                        "list stable offsets" + context);
        Map<TopicPartition, Long> highWatermarks =
                endOffsets(
                        request,
                        IsolationLevel.READ_UNCOMMITTED,
                        deadline,
                        "list high watermarks" + context);
        Map<TopicPartition, SharePartitionOffsetInfo> shared =
                AdminCalls.await(
                        admin.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec()))
                                .partitionsToOffsetInfo(group),
                        remaining(deadline),
                        "list share-partition offsets" + context);
        List<Partition> progress = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            TopicPartition topicPartition = new TopicPartition(topic, partition);
            SharePartitionOffsetInfo info = shared.get(topicPartition);
            progress.add(
                    new Partition(
                            partition,
                            info == null ? -1 : info.startOffset(),
                            info == null || info.lag().isEmpty()
                                    ? OptionalLong.empty()
                                    : OptionalLong.of(info.lag().get()),
                            stable.get(topicPartition),
                            highWatermarks.get(topicPartition)));
        }
        return new Status(group, topic, progress);
    }

    private Map<TopicPartition, Long> endOffsets(
            Map<TopicPartition, OffsetSpec> request,
            IsolationLevel isolation,
            long deadline,
            String operation) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        AdminCalls.await(
                        admin.listOffsets(request, new ListOffsetsOptions(isolation)).all(),
                        remaining(deadline),
                        operation)
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    /**
     * One share-partition.
     *
     * @param startOffset the share-partition start offset; -1 when the group has none (never
     *     fetched from the partition, or the broker could not say)
     * @param lag offsets below the high watermark not delivered for good; empty when unknown
     * @param stableOffset the read_committed end offset (last stable offset)
     * @param highWatermark the read_uncommitted end offset
     */
    record Partition(
            int partition,
            long startOffset,
            OptionalLong lag,
            long stableOffset,
            long highWatermark) {

        /** No transaction is open (or awaits its markers) on the partition. */
        boolean settled() {
            return stableOffset >= highWatermark;
        }

        boolean drained() {
            if (!settled()) {
                return false;
            }
            if (highWatermark == 0) {
                return true;
            }
            return startOffset >= 0
                    && (startOffset >= stableOffset || (lag.isPresent() && lag.getAsLong() <= 0));
        }
    }

    /** The share group on the topic: drained when every partition is. */
    record Status(String group, String topic, List<Partition> partitions) {
        Status {
            partitions = List.copyOf(partitions);
        }

        boolean drained() {
            return partitions.stream().allMatch(Partition::drained);
        }

        @Override
        public String toString() {
            List<String> pending =
                    partitions.stream()
                            .filter(p -> !p.drained())
                            .map(
                                    p ->
                                            p.partition()
                                                    + ": start "
                                                    + p.startOffset()
                                                    + (p.lag().isPresent()
                                                            ? ", lag " + p.lag().getAsLong()
                                                            : "")
                                                    + ", end "
                                                    + p.stableOffset()
                                                    + (p.settled() ? "" : " (transaction open)"))
                            .toList();
            return group
                    + " on "
                    + topic
                    + (pending.isEmpty() ? ": drained" : ": not drained on " + pending);
        }
    }
}
