package io.kappareplay.consumer.offsets;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.TopicPartition;

/**
 * What may be committed for one partition during one assignment: the offset after the contiguous
 * prefix of finished records, never past a record that is not finished.
 *
 * <p>Only unfinished records are kept (a sorted set of their offsets): every record handed out
 * below the lowest of them is finished, so memory follows the records in flight, never the span of
 * offsets, and there is no size cap. Completed records past an unfinished one cost nothing and are
 * not remembered, so a crash replays them; it never skips one.
 *
 * <p>Offsets the consumer never returns (transaction markers, records of aborted transactions) are
 * covered by the consumer's position: once every record handed out below the position is finished,
 * the committable offset is the position, so a drained partition ends exactly at its read_committed
 * end offset, past a trailing commit marker.
 *
 * <p>Threading: {@link #handOut} and {@link #advancePosition} are called by the poll thread, in
 * poll order; {@link PendingOffset#complete} and {@link PendingOffset#abandon} from any thread; the
 * readers from any thread.
 *
 * <pre>{@code
 * PartitionOffsets orders3 = offsets.partition(new TopicPartition("kappa.j.ingress", 3));
 * PendingOffset ten = orders3.handOut(10);
 * PendingOffset eleven = orders3.handOut(11);
 * orders3.advancePosition(13);           // offset 12 was a commit marker
 * eleven.complete();                     // committable stays 10: record 10 is not finished
 * ten.complete();                        // committable is now 13
 * }</pre>
 */
public final class PartitionOffsets {
    private static final long UNSET = -1;

    private final TopicPartition partition;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nothingAwaited = lock.newCondition();
    private final TreeSet<Long> unfinished = new TreeSet<>();
    // A subset of unfinished: records that will not finish here, so a revocation stops waiting
    // for them while they still hold the committable offset back.
    private final Set<Long> abandoned = new HashSet<>();
    private long firstSeen = UNSET;
    // The consumer's position or the last handed-out offset + 1, whichever is higher.
    private long end = UNSET;
    private long takenUpTo = UNSET;
    private boolean offerAgain;
    private boolean closed;

    PartitionOffsets(TopicPartition partition) {
        this.partition = partition;
    }

    public TopicPartition partition() {
        return partition;
    }

    /**
     * Records that the consumer returned the record at {@code offset} and it is not finished yet.
     * Call it for every record a poll returned, in poll order, including records the loop holds
     * back before dispatching them, and before {@link #advancePosition} for that poll: a record not
     * handed out by then counts as a marker and would be committed past.
     *
     * @return the handle a worker completes or abandons
     * @throws IllegalArgumentException if the offset is not above every offset seen so far
     * @throws IllegalStateException if the partition was revoked
     */
    public PendingOffset handOut(long offset) {
        lock.lock();
        try {
            checkOpen("hand out offset " + offset);
            checkNotNegative("offset", offset);
            if (offset < end) {
                throw new IllegalArgumentException(
                        "offset "
                                + offset
                                + " of "
                                + partition
                                + " was handed out after offsets up to "
                                + (end - 1)
                                + ": hand records out in poll order; after seeking back, revoke"
                                + " and assign the partition again");
            }
            if (firstSeen == UNSET) {
                firstSeen = offset;
            }
            unfinished.add(offset);
            end = offset + 1;
        } finally {
            lock.unlock();
        }
        return new PendingOffset(this, offset);
    }

    /**
     * Reports the consumer's position ({@code consumer.position(partition)}) after a poll. Call it
     * after every poll for every assigned partition, also those that returned no records: a
     * transaction marker moves the position without returning a record. Skipping a partition whose
     * position is not known yet is safe: its committable offset just waits for the next report.
     *
     * @throws IllegalArgumentException if the position is below one reported before or below a
     *     handed-out offset
     * @throws IllegalStateException if the partition was revoked
     */
    public void advancePosition(long position) {
        lock.lock();
        try {
            checkOpen("advance the position to " + position);
            checkNotNegative("position", position);
            if (position < end) {
                throw new IllegalArgumentException(
                        "position "
                                + position
                                + " of "
                                + partition
                                + " is below offsets already seen (up to "
                                + (end - 1)
                                + "): report the consumer's position after handing out the"
                                + " records of that poll");
            }
            if (firstSeen == UNSET) {
                firstSeen = position;
            }
            end = position;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The offset a commit may name now: the lowest unfinished offset, or, when every handed-out
     * record is finished, the position (or the last handed-out offset + 1 if higher). Empty until
     * the first record or position is known.
     */
    public OptionalLong committable() {
        lock.lock();
        try {
            long committable = committableLocked();
            return committable == UNSET ? OptionalLong.empty() : OptionalLong.of(committable);
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many handed-out records are not completed, abandoned ones included (they still hold the
     * committable offset back): the memory this holds.
     */
    public int pendingCount() {
        lock.lock();
        try {
            return unfinished.size();
        } finally {
            lock.unlock();
        }
    }

    /** The offsets of records still awaited: handed out, neither completed nor abandoned. */
    public List<Long> awaitedOffsets() {
        lock.lock();
        try {
            List<Long> awaited = new ArrayList<>(unfinished.size() - abandoned.size());
            for (Long offset : unfinished) {
                if (!abandoned.contains(offset)) {
                    awaited.add(offset);
                }
            }
            return awaited;
        } finally {
            lock.unlock();
        }
    }

    boolean complete(long offset) {
        lock.lock();
        try {
            if (closed || !unfinished.remove(offset)) {
                return false;
            }
            abandoned.remove(offset);
            signalIfNothingAwaited();
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean abandon(long offset) {
        lock.lock();
        try {
            if (closed || !unfinished.contains(offset) || !abandoned.add(offset)) {
                return false;
            }
            signalIfNothingAwaited();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The range that became committable since the last call, or, after a failed commit of the last
     * range, an empty range at the same offset so it is committed again.
     */
    Optional<OffsetAdvance> takeAdvance() {
        lock.lock();
        try {
            long committable = committableLocked();
            if (committable == UNSET || (committable == takenUpTo && !offerAgain)) {
                return Optional.empty();
            }
            long from = takenUpTo == UNSET ? firstSeen : takenUpTo;
            takenUpTo = committable;
            offerAgain = false;
            return Optional.of(new OffsetAdvance(partition, from, committable));
        } finally {
            lock.unlock();
        }
    }

    void commitFailed(long offset) {
        lock.lock();
        try {
            // A later commit already on its way covers an older failed one.
            if (offset == takenUpTo) {
                offerAgain = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no record is awaited, up to {@code deadlineNanos} on the {@link System#nanoTime}
     * clock.
     */
    boolean awaitNothingAwaited(long deadlineNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (unfinished.size() > abandoned.size()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                nothingAwaited.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends this assignment: later completions are ignored, hand-outs refused. */
    void close() {
        lock.lock();
        try {
            closed = true;
            unfinished.clear();
            abandoned.clear();
            nothingAwaited.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long committableLocked() {
        return unfinished.isEmpty() ? end : unfinished.first();
    }

    private void signalIfNothingAwaited() {
        if (unfinished.size() == abandoned.size()) {
            nothingAwaited.signalAll();
        }
    }

    private void checkNotNegative(String what, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(
                    what + " of " + partition + " must not be negative, was " + value);
        }
    }

    private void checkOpen(String action) {
        if (closed) {
            throw new IllegalStateException(
                    "cannot "
                            + action
                            + " of "
                            + partition
                            + ": the partition was revoked; assign it again before handing out"
                            + " its records");
        }
    }
}
