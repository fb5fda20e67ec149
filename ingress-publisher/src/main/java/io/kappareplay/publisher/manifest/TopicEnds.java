package io.kappareplay.publisher.manifest;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where each partition of a topic ends for a read_committed reader (the last stable offset) and for
 * any reader (the high watermark). The two differ while a transaction is open on the partition, and
 * for a moment after its commit, until the markers are written.
 *
 * @param stable per partition, the read_committed end offset
 * @param high per partition, the high watermark
 */
public record TopicEnds(SortedMap<Integer, Long> stable, SortedMap<Integer, Long> high) {
    public TopicEnds {
        stable = Collections.unmodifiableSortedMap(new TreeMap<>(stable));
        high = Collections.unmodifiableSortedMap(new TreeMap<>(high));
    }

    /** The partitions on which a transaction is open (or its markers are being written). */
    public List<Integer> openPartitions() {
        return stable.keySet().stream()
                .filter(partition -> !stable.get(partition).equals(high.get(partition)))
                .toList();
    }
}
