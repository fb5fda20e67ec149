package io.kappareplay.sink.bounded;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The distinct Kafka offsets seen in one topic-partition, one bit each (in chunks of 2^24 offsets,
 * so a partition far past offset 2^31 costs only the chunks it uses): how the read-back tells a row
 * landed twice from two rows.
 */
final class OffsetSet {
    private static final int CHUNK_BITS = 24;
    private static final long CHUNK_MASK = (1L << CHUNK_BITS) - 1;

    private final Map<Long, BitSet> chunks = new HashMap<>();
    private long size;

    /**
     * @return false if {@code offset} was already in the set
     */
    boolean add(long offset) {
        BitSet chunk = chunks.computeIfAbsent(offset >>> CHUNK_BITS, c -> new BitSet());
        int bit = (int) (offset & CHUNK_MASK);
        if (chunk.get(bit)) {
            return false;
        }
        chunk.set(bit);
        size++;
        return true;
    }

    /** Distinct offsets added. */
    long size() {
        return size;
    }
}
