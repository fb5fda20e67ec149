package io.kappareplay.consumer.offsets;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The committable offsets of every partition assigned to this instance: partitions come and go with
 * the rebalance listener, each with its own {@link PartitionOffsets} for the length of one
 * assignment.
 *
 * <p>Threading: {@link #assign}, {@link #revoke}, {@link #partition}, {@link #takeCommittable} and
 * {@link #commitFailed} are called by the poll thread (rebalance and commit callbacks run there
 * too); {@link #assigned} and {@link #pendingCount} may be read from any thread (metrics). Workers
 * complete records through their {@link PendingOffset}, never through this class.
 *
 * <pre>{@code
 * OffsetsByPartition offsets = new OffsetsByPartition();
 * offsets.assign(partitions);                                  // onPartitionsAssigned
 * ConsumerRecords<byte[], byte[]> polled = consumer.poll(timeout);
 * for (ConsumerRecord<byte[], byte[]> record : polled) {
 *     PendingOffset pending = offsets.partition(partitionOf(record)).handOut(record.offset());
 *     dispatch(record, pending);                               // a worker calls pending.complete()
 * }
 * for (TopicPartition partition : consumer.assignment()) {
 *     offsets.partition(partition).advancePosition(consumer.position(partition));
 * }
 * CommittableOffsets step = offsets.takeCommittable();         // every commit interval
 * }</pre>
 */
public final class OffsetsByPartition {
    private final Map<TopicPartition, PartitionOffsets> assigned = new ConcurrentHashMap<>();

    /**
     * Starts tracking newly assigned partitions.
     *
     * @throws IllegalStateException if one of them is assigned already
     */
    public void assign(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            if (assigned.containsKey(partition)) {
                throw new IllegalStateException(
                        partition + " is assigned already: revoke it before assigning it again");
            }
        }
        for (TopicPartition partition : partitions) {
            assigned.put(partition, new PartitionOffsets(partition));
        }
    }

    /**
     * Stops tracking partitions taken from this instance. They accept no more records; their
     * in-flight records may still complete until {@link Revocation#finish}. Partitions not assigned
     * here are ignored, so a lost-partitions callback after a revocation is harmless.
     */
    public Revocation revoke(Collection<TopicPartition> partitions) {
        Map<TopicPartition, PartitionOffsets> revoked = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            PartitionOffsets offsets = assigned.remove(partition);
            if (offsets != null) {
                revoked.put(partition, offsets);
            }
        }
        return new Revocation(revoked);
    }

    /**
     * The offsets of an assigned partition.
     *
     * @throws IllegalStateException if the partition is not assigned here
     */
    public PartitionOffsets partition(TopicPartition partition) {
        PartitionOffsets offsets = assigned.get(partition);
        if (offsets == null) {
            throw new IllegalStateException(
                    partition
                            + " is not assigned here: assign it (from the rebalance listener)"
                            + " before handing out its records");
        }
        return offsets;
    }

    /** The partitions assigned now, e.g. to revoke them all at shutdown. */
    public Set<TopicPartition> assigned() {
        return Set.copyOf(assigned.keySet());
    }

    /**
     * Takes the next commit step: every assigned partition whose committable offset moved since the
     * last step, or whose last commit failed. Taking it counts as committing; report a failed
     * commit with {@link #commitFailed} so the offsets are offered again.
     */
    public CommittableOffsets takeCommittable() {
        Map<TopicPartition, OffsetAdvance> advances = new LinkedHashMap<>();
        for (PartitionOffsets offsets : assigned.values()) {
            offsets.takeAdvance().ifPresent(advance -> advances.put(offsets.partition(), advance));
        }
        return new CommittableOffsets(advances);
    }

    /**
     * Reports a commit that failed, so its offsets are offered again by the next {@link
     * #takeCommittable} unless a later step already moved past them. In exactly-once mode an
     * aborted transaction lost the outputs it carried: rewind those partitions (revoke, seek to the
     * committed offset, assign) instead of committing again.
     */
    public void commitFailed(Map<TopicPartition, OffsetAndMetadata> failed) {
        failed.forEach(
                (partition, offset) -> {
                    PartitionOffsets offsets = assigned.get(partition);
                    if (offsets != null) {
                        offsets.commitFailed(offset.offset());
                    }
                });
    }

    /** Records handed out and not completed, over all assigned partitions. */
    public int pendingCount() {
        int pending = 0;
        for (PartitionOffsets offsets : assigned.values()) {
            pending += offsets.pendingCount();
        }
        return pending;
    }
}
