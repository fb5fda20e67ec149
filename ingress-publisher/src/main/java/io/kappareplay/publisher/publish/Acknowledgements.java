package io.kappareplay.publisher.publish;

import io.kappareplay.publisher.publish.PartitionPublishResult.SentRange;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;

/**
 * What the broker answered to one task's sends, filled by the producer's callbacks on its I/O
 * thread and read by the task's thread: every failure is counted and the first one kept with the
 * record it lost, so the task can fail its transaction naming it.
 */
final class Acknowledgements {

    /** A send the broker did not acknowledge. {@code partition} is -1 if none was chosen. */
    record Failure(String key, String lineage, int partition, Exception cause) {}

    private final Map<Integer, long[]> ranges = new HashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Failure> firstFailure = new AtomicReference<>();

    /**
     * The callback of one send. It keeps the key and lineage only, not the record: the value bytes
     * would otherwise stay reachable until the broker answers.
     */
    Callback of(String key, String lineage) {
        return (metadata, exception) -> {
            if (exception != null) {
                failures.incrementAndGet();
                firstFailure.compareAndSet(
                        null,
                        new Failure(
                                key,
                                lineage,
                                metadata == null ? -1 : metadata.partition(),
                                exception));
            } else {
                acknowledged(metadata.partition(), metadata.offset());
            }
        };
    }

    private synchronized void acknowledged(int partition, long offset) {
        long[] range = ranges.computeIfAbsent(partition, p -> new long[] {0, offset, offset});
        range[0]++;
        range[1] = Math.min(range[1], offset);
        range[2] = Math.max(range[2], offset);
    }

    /** How many sends failed so far. */
    long failures() {
        return failures.get();
    }

    /** The first failed send, or null while none failed. */
    Failure firstFailure() {
        return firstFailure.get();
    }

    /** Per Kafka partition, the records acknowledged and their first and last offset. */
    synchronized SortedMap<Integer, SentRange> ranges() {
        SortedMap<Integer, SentRange> result = new TreeMap<>();
        ranges.forEach(
                (partition, range) ->
                        result.put(partition, new SentRange(range[0], range[1], range[2])));
        return result;
    }
}
