package io.kappareplay.consumer.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides when a polled record may run under an {@link OrderingMode}. Records are submitted in poll
 * order; a record runs at once unless an earlier record of its lane (its key within its partition
 * in {@code KEY} mode, its partition in {@code PARTITION} mode) has not finished, and then it waits
 * in its lane until that one completes. A record being retried has not finished, so the later
 * records of its lane keep waiting while other lanes go on.
 *
 * <p>Memory: a lane exists only while one of its records is running, and holds only its waiting
 * records, so it is bounded by the records in flight; {@code UNORDERED} keeps nothing.
 *
 * <p>Threading: {@link #submit} and {@link #dropPartitions} are called by the poll thread; {@link
 * #complete} by whichever thread finishes a record (worker or completion thread), which then starts
 * the record it returns; {@link #waitingCount} from any thread. Records are matched by identity, so
 * submit the loop's own per-record object, the same one each time.
 *
 * <pre>{@code
 * OrderingScheduler<Work> scheduler =
 *         new OrderingScheduler<>(OrderingMode.KEY, Work::partition, work -> work.keyString());
 * if (scheduler.submit(work)) {                  // poll thread
 *     start(work);
 * }
 * scheduler.complete(work).ifPresent(this::start);  // when work finished, on that thread
 * }</pre>
 *
 * @param <R> the loop's per-record type
 */
public final class OrderingScheduler<R> {
    private final OrderingMode mode;
    private final Function<? super R, TopicPartition> partitionOf;
    private final Function<? super R, ?> keyOf;
    private final Map<LaneId, Lane<R>> lanes = new HashMap<>();
    private int waiting;

    /**
     * @param partitionOf the partition a record came from
     * @param keyOf the record's key in a form with value equality (a {@code String} or {@code
     *     ByteBuffer.wrap(bytes)}, never a bare {@code byte[]}); only {@code KEY} mode calls it. A
     *     null key has nothing to keep in order with, so such records run as in {@code UNORDERED}.
     */
    public OrderingScheduler(
            OrderingMode mode,
            Function<? super R, TopicPartition> partitionOf,
            Function<? super R, ?> keyOf) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.partitionOf = Objects.requireNonNull(partitionOf, "partitionOf");
        this.keyOf = Objects.requireNonNull(keyOf, "keyOf");
    }

    /**
     * Takes the next polled record.
     *
     * @return true if it may run now; false if it waits behind an earlier record of its lane and
     *     will be returned by {@link #complete} when its turn comes
     */
    public boolean submit(R record) {
        LaneId id = laneOf(record);
        if (id == null) {
            return true;
        }
        synchronized (this) {
            Lane<R> lane = lanes.get(id);
            if (lane == null) {
                lanes.put(id, new Lane<>(record));
                return true;
            }
            lane.waiting.add(record);
            waiting++;
            return false;
        }
    }

    /**
     * Reports that a record finished for good (succeeded, or went to the DLQ after its last
     * attempt); not after a failed attempt that will be retried.
     *
     * @return the next record of its lane, which may run now and which the caller must start; empty
     *     if none waits, or if the record's partition was dropped
     */
    public Optional<R> complete(R record) {
        LaneId id = laneOf(record);
        if (id == null) {
            return Optional.empty();
        }
        synchronized (this) {
            Lane<R> lane = lanes.get(id);
            if (lane == null || lane.running != record) {
                return Optional.empty();
            }
            R next = lane.waiting.poll();
            if (next == null) {
                lanes.remove(id);
                return Optional.empty();
            }
            waiting--;
            lane.running = next;
            return Optional.of(next);
        }
    }

    /**
     * Forgets the lanes of revoked partitions. Their running records' later completions return
     * nothing.
     *
     * @return the records that were waiting and never started, in submission order per lane: the
     *     caller gives them up (abandons their offsets, releases their in-flight permits)
     */
    public synchronized List<R> dropPartitions(Collection<TopicPartition> partitions) {
        Set<TopicPartition> dropped = Set.copyOf(partitions);
        List<R> neverStarted = new ArrayList<>();
        for (Iterator<Map.Entry<LaneId, Lane<R>>> it = lanes.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<LaneId, Lane<R>> entry = it.next();
            if (dropped.contains(entry.getKey().partition())) {
                neverStarted.addAll(entry.getValue().waiting);
                waiting -= entry.getValue().waiting.size();
                it.remove();
            }
        }
        return neverStarted;
    }

    /** Records submitted that wait for an earlier record of their lane. */
    public synchronized int waitingCount() {
        return waiting;
    }

    /** Lanes with a running record: what this holds besides the waiting records. */
    synchronized int laneCount() {
        return lanes.size();
    }

    private LaneId laneOf(R record) {
        return switch (mode) {
            case UNORDERED -> null;
            case PARTITION -> new LaneId(partitionOf.apply(record), null);
            case KEY -> keyLaneOf(record);
        };
    }

    private LaneId keyLaneOf(R record) {
        Object key = keyOf.apply(record);
        if (key == null) {
            return null;
        }
        if (key instanceof byte[]) {
            throw new IllegalArgumentException(
                    "the key of "
                            + record
                            + " is a byte[], which compares by identity, so equal keys would not"
                            + " be kept in order: give the scheduler ByteBuffer.wrap(key) or a"
                            + " String");
        }
        return new LaneId(partitionOf.apply(record), key);
    }

    private record LaneId(TopicPartition partition, Object key) {}

    private static final class Lane<R> {
        private final ArrayDeque<R> waiting = new ArrayDeque<>();
        private R running;

        Lane(R running) {
            this.running = running;
        }
    }
}
