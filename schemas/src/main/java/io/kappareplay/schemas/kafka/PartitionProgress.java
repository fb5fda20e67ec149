package io.kappareplay.schemas.kafka;

/**
 * One partition of a drain check: the group's committed offset (0 when it committed none), the
 * partition's read_committed end offset (last stable offset) and its high watermark.
 *
 * <p>A stable offset below the high watermark means a transaction is still open, or its commit
 * markers are not yet written (they follow {@code commitTransaction()} asynchronously): records may
 * still become visible below the watermark, so such a partition is not drained even if the group
 * has reached its stable offset.
 */
public record PartitionProgress(
        int partition, long committedOffset, long stableOffset, long highWatermark) {
    public long lag() {
        return Math.max(0, highWatermark - committedOffset);
    }

    public boolean transactionPending() {
        return stableOffset < highWatermark;
    }

    public boolean drained() {
        return committedOffset >= stableOffset && !transactionPending();
    }
}
