package io.kappareplay.schemas.kafka;

/**
 * One partition of a drain check: the group's committed offset (0 when it committed none), the
 * partition's read_committed end offset (last stable offset), its high watermark, and whether a
 * read_committed read from the committed offset found nothing but control records (commit markers,
 * aborted data) up to the stable offset.
 *
 * <p>A stable offset below the high watermark means a transaction is still open, or its commit
 * markers are not yet written (they follow {@code commitTransaction()} asynchronously): records may
 * still become visible below the watermark, so such a partition is not drained even if the group
 * has reached its stable offset.
 */
public record PartitionProgress(
        int partition,
        long committedOffset,
        long stableOffset,
        long highWatermark,
        boolean onlyControlRecordsAhead) {

    public boolean transactionPending() {
        return stableOffset < highWatermark;
    }

    public boolean drained() {
        return !transactionPending()
                && (committedOffset >= stableOffset || onlyControlRecordsAhead);
    }

    /** Offsets between the committed offset and the high watermark; 0 once drained. */
    public long lag() {
        return drained() ? 0 : Math.max(0, highWatermark - committedOffset);
    }
}
