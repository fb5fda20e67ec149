package io.kappareplay.consumer.offsets;

import org.apache.kafka.common.TopicPartition;

/**
 * How far one partition's committable offset moved in one commit step: every record handed out in
 * {@code [from, to)} is finished and becomes committed with {@code to}. Exactly-once mode holds the
 * outputs of records finished past the contiguous prefix and releases into a transaction exactly
 * the outputs of the records this range contains, together with the offset {@code to}, so a
 * transaction never carries outputs of a record whose offset it does not commit.
 *
 * <pre>{@code
 * for (OffsetAdvance advance : step.advances().values()) {
 *     held.releaseWhere(output -> advance.contains(output.ingressOffset()));
 * }
 * }</pre>
 *
 * <p>An empty range ({@code from == to}) repeats an offset whose commit failed.
 */
public record OffsetAdvance(TopicPartition partition, long from, long to) {

    public OffsetAdvance {
        if (from > to) {
            throw new IllegalArgumentException(
                    "advance of " + partition + " goes backwards, from " + from + " to " + to);
        }
    }

    /** Whether the record at {@code offset} became committable in this step. */
    public boolean contains(long offset) {
        return offset >= from && offset < to;
    }

    public boolean isEmpty() {
        return from == to;
    }
}
