package io.kappareplay.publisher.manifest;

import io.kappareplay.schemas.manifest.PartitionSummary;
import io.kappareplay.schemas.naming.KeyChecksum;

/**
 * Adds up the records of one partition as a read-back meets them, in offset order: the first record
 * added is the first in the log. Not thread-safe.
 */
final class PartitionTally {
    private final int partition;
    private final KeyChecksum checksum = new KeyChecksum();
    private long records;
    private long firstOffset = -1;
    private long lastOffset = -1;

    PartitionTally(int partition) {
        this.partition = partition;
    }

    void add(String key, long offset) {
        checksum.add(key);
        if (records == 0) {
            firstOffset = offset;
        }
        lastOffset = offset;
        records++;
    }

    PartitionSummary summary(long endOffset) {
        return new PartitionSummary(
                partition,
                records,
                records == 0 ? null : firstOffset,
                records == 0 ? null : lastOffset,
                endOffset,
                checksum.value());
    }
}
