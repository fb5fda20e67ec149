package io.kappareplay.consumer.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Exactly-once mode's finished records whose offsets are not committed yet, by partition and
 * offset. A transaction takes those below the offsets it commits and nothing else: a record
 * finished beyond its partition's contiguous prefix waits here until the prefix reaches it. Poll
 * thread only.
 */
final class HeldByPartition {
    private final Map<TopicPartition, NavigableMap<Long, Work>> held = new HashMap<>();
    private int size;
    private long bytes;

    void add(Work work) {
        if (held.computeIfAbsent(work.partition, p -> new TreeMap<>())
                        .put(work.record.offset(), work)
                == null) {
            size++;
            bytes += bytesOf(work);
        }
    }

    /** Removes and returns the records below each partition's offset to commit. */
    List<Work> takeBelow(Map<TopicPartition, OffsetAndMetadata> offsets) {
        List<Work> taken = new ArrayList<>();
        offsets.forEach(
                (partition, offset) -> {
                    NavigableMap<Long, Work> records = held.get(partition);
                    if (records != null) {
                        NavigableMap<Long, Work> below = records.headMap(offset.offset(), false);
                        taken.addAll(below.values());
                        below.clear();
                    }
                });
        forget(taken);
        return taken;
    }

    /** Holds again the records of a transaction that was aborted. */
    void putBack(Collection<Work> works) {
        works.forEach(this::add);
    }

    /** Removes and returns every record of {@code partitions}: they are no longer ours. */
    List<Work> remove(Collection<TopicPartition> partitions) {
        List<Work> removed = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            NavigableMap<Long, Work> records = held.remove(partition);
            if (records != null) {
                removed.addAll(records.values());
            }
        }
        forget(removed);
        return removed;
    }

    /** Records held. */
    int size() {
        return size;
    }

    /** Serialized keys and values of the records' held outputs. */
    long bytes() {
        return bytes;
    }

    private void forget(List<Work> works) {
        size -= works.size();
        for (Work work : works) {
            bytes -= bytesOf(work);
        }
    }

    private static long bytesOf(Work work) {
        long total = 0;
        for (ProducerRecord<byte[], byte[]> record : work.held) {
            total += (record.key() == null ? 0 : record.key().length);
            total += (record.value() == null ? 0 : record.value().length);
        }
        return total;
    }
}
