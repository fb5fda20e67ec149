package io.kappareplay.consumer.offsets;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One commit step: the partitions whose committable offset moved since the last step, as the map a
 * consumer commits (or a transaction sends) and as the ranges that became committable.
 *
 * <pre>{@code
 * CommittableOffsets step = offsets.takeCommittable();
 * if (!step.isEmpty()) {
 *     consumer.commitAsync(step.offsets(), (committed, error) -> {
 *         if (error != null) offsets.commitFailed(committed);
 *     });
 * }
 * }</pre>
 */
public final class CommittableOffsets {
    private final Map<TopicPartition, OffsetAdvance> advances;

    CommittableOffsets(Map<TopicPartition, OffsetAdvance> advances) {
        this.advances = Collections.unmodifiableMap(new LinkedHashMap<>(advances));
    }

    /** The offsets to commit, one per partition that moved (or whose last commit failed). */
    public Map<TopicPartition, OffsetAndMetadata> offsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        // No metadata: nothing past the prefix is recorded, which is what frees us of a size cap.
        advances.forEach(
                (partition, advance) ->
                        offsets.put(partition, new OffsetAndMetadata(advance.to())));
        return offsets;
    }

    /** Per partition, the offsets that became committable in this step. */
    public Map<TopicPartition, OffsetAdvance> advances() {
        return advances;
    }

    public boolean isEmpty() {
        return advances.isEmpty();
    }

    @Override
    public String toString() {
        return advances.values().toString();
    }
}
