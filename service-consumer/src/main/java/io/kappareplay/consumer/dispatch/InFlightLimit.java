package io.kappareplay.consumer.dispatch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the records, and their bytes, that one instance holds in flight: from admission (the poll
 * thread takes a permit before submitting a record to the {@link OrderingScheduler}) until the
 * record is finished or given up. Counting from admission, not from the handler call, bounds memory
 * in {@code KEY} and {@code PARTITION} modes too, where admitted records may wait behind their
 * lane; handler calls in flight are never more than the permits.
 *
 * <p>Both limits are strict, with one exception: a record larger than the byte limit is admitted
 * when nothing else is in flight, so it runs alone instead of never.
 *
 * <p>Backpressure: {@link #shouldPause} turns true when the in-flight records or bytes reach the
 * high-water mark, or when an acquisition is refused, and false again when both fall to the
 * low-water mark; the loop pauses its partitions while it is true and keeps polling. The marks are
 * fractions of the limits, so they follow {@link #setRecordLimit}. When it turns false the relief
 * listener runs (e.g. {@code consumer::wakeup}), so a refused acquisition is always followed by a
 * wake-up: none is lost.
 *
 * <p>Threading: every method may be called from any thread. Typically the poll thread acquires,
 * worker or completion threads release, and the adaptive concurrency limiter (issue 5) calls {@link
 * #setRecordLimit}. The relief listener runs on the thread that released (or raised the limit),
 * outside any lock; it must be quick and thread-safe, as {@code consumer::wakeup} is.
 *
 * <pre>{@code
 * InFlightLimit limit = InFlightLimit.builder()
 *         .records(1000)
 *         .bytes(64L << 20)
 *         .lowWater(0.8)
 *         .onRelief(consumer::wakeup)
 *         .build();
 * Optional<InFlightLimit.Permit> permit = limit.tryAcquire(record.serializedValueSize());
 * // ... when the record is finished, on any thread:
 * permit.get().release();
 * }</pre>
 */
public final class InFlightLimit {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final long byteLimit;
    private final double highWater;
    private final double lowWater;
    private final Runnable onRelief;
    private int recordLimit;
    private int records;
    private long bytes;
    private boolean pausing;

    private InFlightLimit(Builder builder) {
        this.recordLimit = checkRecordLimit(builder.records);
        this.byteLimit = builder.bytes;
        this.highWater = builder.highWater;
        this.lowWater = builder.lowWater;
        this.onRelief = builder.onRelief;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Admits one record of {@code bytes} if both limits allow it now; never blocks. A refusal turns
     * {@link #shouldPause} on until the in-flight work falls to the low-water mark.
     */
    public Optional<Permit> tryAcquire(long bytes) {
        checkBytes(bytes);
        lock.lock();
        try {
            return Optional.ofNullable(admitLocked(bytes));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Admits one record of {@code bytes}, waiting up to {@code timeout} for room. While it waits,
     * {@link #shouldPause} is true.
     *
     * @return the permit, or empty if the timeout passed first
     * @throws InterruptedException if interrupted while waiting; nothing is acquired then
     */
    public Optional<Permit> acquire(long bytes, Duration timeout) throws InterruptedException {
        checkBytes(bytes);
        long left = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            Permit permit;
            while ((permit = admitLocked(bytes)) == null) {
                if (left <= 0) {
                    return Optional.empty();
                }
                left = released.awaitNanos(left);
            }
            return Optional.of(permit);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes the record limit at run time (the adaptive limiter does). Lowering it below what is
     * in flight refuses new records until enough finish; nothing running is interrupted.
     *
     * @throws IllegalArgumentException if {@code records} is below 1
     */
    public void setRecordLimit(int records) {
        checkRecordLimit(records);
        boolean relieved;
        lock.lock();
        try {
            recordLimit = records;
            if (atHighWater()) {
                pausing = true;
            }
            relieved = relieveIfBelowLowWater();
            released.signalAll();
        } finally {
            lock.unlock();
        }
        if (relieved) {
            onRelief.run();
        }
    }

    public int recordLimit() {
        lock.lock();
        try {
            return recordLimit;
        } finally {
            lock.unlock();
        }
    }

    public long byteLimit() {
        return byteLimit;
    }

    /**
     * Whether the loop should keep its partitions paused: true from reaching the high-water mark
     * (or a refused acquisition) until the in-flight records and bytes are both at or below the
     * low-water mark.
     */
    public boolean shouldPause() {
        lock.lock();
        try {
            return pausing;
        } finally {
            lock.unlock();
        }
    }

    public int inFlightRecords() {
        lock.lock();
        try {
            return records;
        } finally {
            lock.unlock();
        }
    }

    public long inFlightBytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    private Permit admitLocked(long recordBytes) {
        boolean fits = records < recordLimit && (records == 0 || recordBytes <= byteLimit - bytes);
        if (!fits) {
            pausing = true;
            return null;
        }
        records++;
        bytes += recordBytes;
        if (atHighWater()) {
            pausing = true;
        }
        return new Permit(recordBytes);
    }

    private void release(long recordBytes) {
        boolean relieved;
        lock.lock();
        try {
            records--;
            bytes -= recordBytes;
            relieved = relieveIfBelowLowWater();
            released.signalAll();
        } finally {
            lock.unlock();
        }
        if (relieved) {
            onRelief.run();
        }
    }

    private boolean atHighWater() {
        return records >= Math.max(1, Math.ceil(recordLimit * highWater))
                || bytes >= byteLimit * highWater;
    }

    private boolean relieveIfBelowLowWater() {
        if (pausing && records <= recordLimit * lowWater && bytes <= byteLimit * lowWater) {
            pausing = false;
            return true;
        }
        return false;
    }

    private static int checkRecordLimit(int records) {
        if (records < 1) {
            throw new IllegalArgumentException(
                    "in-flight record limit must be at least 1, was " + records);
        }
        return records;
    }

    private static void checkBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException(
                    "a record's in-flight bytes must not be negative, was " + bytes);
        }
    }

    /**
     * One admitted record's share of the limit. Release it once the record is finished or given up,
     * from any thread; releasing again does nothing, so a completion racing a revocation cannot
     * free room twice.
     */
    public final class Permit {
        private final long bytes;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(long bytes) {
            this.bytes = bytes;
        }

        public long bytes() {
            return bytes;
        }

        /**
         * @return false if it was released already
         */
        public boolean release() {
            if (!released.compareAndSet(false, true)) {
                return false;
            }
            InFlightLimit.this.release(bytes);
            return true;
        }
    }

    /** Limits and water marks; only the record limit is required. */
    public static final class Builder {
        private int records;
        private long bytes = Long.MAX_VALUE;
        private double highWater = 1.0;
        private double lowWater = 0.8;
        private Runnable onRelief = () -> {};

        private Builder() {}

        /** The most records in flight; changeable later with {@link #setRecordLimit}. */
        public Builder records(int records) {
            this.records = records;
            return this;
        }

        /** The most bytes in flight (as the loop measures a record); unlimited by default. */
        public Builder bytes(long bytes) {
            this.bytes = bytes;
            return this;
        }

        /**
         * The fraction of the limits at which {@link #shouldPause} turns true; 1.0 (when full) by
         * default. Lower it to pause before a poll can bring more than the room left.
         */
        public Builder highWater(double fraction) {
            this.highWater = fraction;
            return this;
        }

        /**
         * The fraction of the limits at or below which {@link #shouldPause} turns false again; 0.8
         * by default, high enough to fetch more before the handler runs dry.
         */
        public Builder lowWater(double fraction) {
            this.lowWater = fraction;
            return this;
        }

        /** Runs when {@link #shouldPause} turns false, e.g. {@code consumer::wakeup}. */
        public Builder onRelief(Runnable onRelief) {
            this.onRelief = Objects.requireNonNull(onRelief, "onRelief");
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the value that is out of range
         */
        public InFlightLimit build() {
            checkRecordLimit(records);
            if (bytes < 1) {
                throw new IllegalArgumentException(
                        "in-flight byte limit must be at least 1, was " + bytes);
            }
            if (!(highWater > 0 && highWater <= 1)) {
                throw new IllegalArgumentException(
                        "high-water mark must be a fraction in (0, 1], was " + highWater);
            }
            if (!(lowWater >= 0 && lowWater < highWater)) {
                throw new IllegalArgumentException(
                        "low-water mark must be a fraction in [0, high-water mark "
                                + highWater
                                + "), was "
                                + lowWater);
            }
            return new InFlightLimit(this);
        }
    }
}
