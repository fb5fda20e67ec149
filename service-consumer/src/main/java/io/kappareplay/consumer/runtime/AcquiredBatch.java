package io.kappareplay.consumer.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The records of the share consumer's last poll that are not acknowledged yet. In explicit
 * acknowledgement mode a share consumer refuses to poll again until every record of its last poll
 * is acknowledged, and it can acknowledge only those: so the runtime polls once this batch is
 * empty, and a record can be acknowledged once, while it is in here.
 *
 * <p>The records stay acquired by this instance until their acquisition lock runs out, counted from
 * the poll. A record still unacknowledged then has gone back to the broker, which delivers it again
 * (to any instance); {@link #expired} hands those out so that the runtime stops waiting for them.
 *
 * <p>Poll thread only.
 *
 * <pre>{@code
 * batch.start(works, System.nanoTime() + lock.toNanos());
 * if (batch.remove(finished)) {
 *     consumer.acknowledge(finished.record, AcknowledgeType.ACCEPT);
 * }
 * for (Work late : batch.expired(System.nanoTime())) { ... }
 * if (batch.isEmpty()) { consumer.poll(timeout); }
 * }</pre>
 */
final class AcquiredBatch {
    private final Set<Work> unacknowledged = new LinkedHashSet<>();
    private long lockDeadlineNanos;

    /**
     * The records of a new poll.
     *
     * @param lockDeadlineNanos the {@link System#nanoTime()} at which their acquisition lock runs
     *     out
     * @throws IllegalStateException if the last poll's records are not all acknowledged
     */
    void start(Collection<Work> works, long lockDeadlineNanos) {
        if (!unacknowledged.isEmpty()) {
            throw new IllegalStateException(
                    unacknowledged.size() + " records of the last poll are not acknowledged");
        }
        unacknowledged.addAll(works);
        this.lockDeadlineNanos = lockDeadlineNanos;
    }

    /**
     * Takes {@code work} out of the batch, to be acknowledged now.
     *
     * @return false if it is not in the batch: its lock ran out, or it is of an earlier batch
     */
    boolean remove(Work work) {
        return unacknowledged.remove(work);
    }

    /** The records whose lock has run out by {@code nowNanos}, taken out of the batch. */
    List<Work> expired(long nowNanos) {
        if (unacknowledged.isEmpty() || nowNanos - lockDeadlineNanos < 0) {
            return List.of();
        }
        List<Work> expired = new ArrayList<>(unacknowledged);
        unacknowledged.clear();
        return expired;
    }

    /** Every record still in the batch, taken out of it: at shutdown, to be released. */
    List<Work> takeAll() {
        List<Work> all = new ArrayList<>(unacknowledged);
        unacknowledged.clear();
        return all;
    }

    /** Nanoseconds until the lock runs out; 0 once it has, or when the batch is empty. */
    long nanosToLockDeadline(long nowNanos) {
        return unacknowledged.isEmpty() ? 0 : Math.max(0, lockDeadlineNanos - nowNanos);
    }

    boolean isEmpty() {
        return unacknowledged.isEmpty();
    }

    int size() {
        return unacknowledged.size();
    }
}
