package io.kappareplay.consumer.runtime;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where job mode's replay ends on each ingress partition, when the end offsets were given ({@code
 * ingress-end-offsets}): records at or beyond a partition's end belong to a later replay, so they
 * are not handed out, and the partition's committable offset never moves past its end, or the next
 * replay of the group would skip them.
 *
 * <pre>{@code
 * IngressEnd end = new IngressEnd(Map.of(0, 120L));
 * end.beyond(partition0, 120);         // true: not this replay's
 * end.reached(partition0, 120);        // true: pause the partition
 * end.cap(partition0, 180);            // 120: the position to commit up to
 * }</pre>
 *
 * <p>With no end offsets given, nothing is beyond the end: the replay runs until the topic's
 * read_committed end offsets are reached.
 */
final class IngressEnd {
    private final Map<Integer, Long> endOffsets;

    IngressEnd(Map<Integer, Long> endOffsets) {
        this.endOffsets = Map.copyOf(endOffsets);
    }

    /** Whether the record at {@code offset} lies beyond this replay. */
    boolean beyond(TopicPartition partition, long offset) {
        Long end = endOffsets.get(partition.partition());
        return end != null && offset >= end;
    }

    /** Whether a consumer at {@code position} has fetched everything of this replay. */
    boolean reached(TopicPartition partition, long position) {
        Long end = endOffsets.get(partition.partition());
        return end != null && position >= end;
    }

    /** The consumer's {@code position}, but never past the partition's end. */
    long cap(TopicPartition partition, long position) {
        Long end = endOffsets.get(partition.partition());
        return end == null ? position : Math.min(position, end);
    }
}
