package io.kappareplay.consumer.offsets;

import org.apache.kafka.common.TopicPartition;

/**
 * One handed-out record that is not finished yet, bound to the assignment it was handed out in:
 * after its partition is revoked, completing it changes nothing, even if the partition is assigned
 * here again.
 *
 * <p>Threading: {@link #complete} and {@link #abandon} may be called from any thread (worker or
 * completion threads), any number of times; only the first call that changes the state counts.
 *
 * <pre>{@code
 * PendingOffset pending = partitionOffsets.handOut(record.offset());
 * handler.handleAsync(input, context)
 *         .thenCompose(outputs -> egress.send(outputs))   // acknowledged sends
 *         .thenRun(pending::complete);
 * }</pre>
 */
public final class PendingOffset {
    private final PartitionOffsets owner;
    private final long offset;

    PendingOffset(PartitionOffsets owner, long offset) {
        this.owner = owner;
        this.offset = offset;
    }

    public TopicPartition partition() {
        return owner.partition();
    }

    public long offset() {
        return offset;
    }

    /**
     * Marks the record finished: its outcome is final (at-least-once: its egress or DLQ sends are
     * acknowledged; exactly-once: its outputs are held for the transaction that commits its
     * offset). The committable offset may move past it once every earlier record is finished.
     *
     * @return false if it was already completed, or its partition was revoked
     */
    public boolean complete() {
        return owner.complete(offset);
    }

    /**
     * Gives the record up: it will not finish in this assignment (it was dropped on revocation, or
     * its retry cancelled). It keeps holding the committable offset back, so the next owner of the
     * partition replays it, but a {@link Revocation} no longer waits for it. Completing it later
     * still counts.
     *
     * @return false if it was already completed or abandoned, or its partition was revoked
     */
    public boolean abandon() {
        return owner.abandon(offset);
    }

    @Override
    public String toString() {
        return partition() + "@" + offset;
    }
}
