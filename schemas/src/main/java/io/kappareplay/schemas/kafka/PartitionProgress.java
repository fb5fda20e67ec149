package io.kappareplay.schemas.kafka;

/**
 * One partition of a drain check: the group's committed offset (0 when it committed none), the
 * partition's read_committed end offset (last stable offset), its high watermark, the offset the
 * group has to reach, and whether a read_committed read from the committed offset found nothing but
 * control records (commit markers, aborted data) up to that end.
 *
 * <p>The end is the one given for the replay (the publisher's end offsets), or with none given the
 * high watermark: everything written so far. A stable offset below the end means a transaction is
 * still open there, or its commit markers are not yet written (they follow {@code
 * commitTransaction()} asynchronously): records may still become visible below the end, so such a
 * partition is not drained even if the group has reached its stable offset.
 */
public record PartitionProgress(
        int partition,
        long committedOffset,
        long stableOffset,
        long highWatermark,
        long endOffset,
        boolean onlyControlRecordsAhead) {

    /** A transaction is open (or its markers are not written yet) somewhere on the partition. */
    public boolean transactionPending() {
        return stableOffset < highWatermark;
    }

    /** Every record below the end is committed or aborted: none can still appear there. */
    public boolean settled() {
        return stableOffset >= endOffset;
    }

    public boolean drained() {
        return settled() && (committedOffset >= endOffset || onlyControlRecordsAhead);
    }

    /** Offsets between the committed offset and the end; 0 once drained. */
    public long lag() {
        return drained() ? 0 : Math.max(0, endOffset - committedOffset);
    }
}
