package io.kappareplay.consumer.dispatch;

import java.util.function.LongSupplier;

/**
 * An optional cap on the records per second one instance admits (a token bucket), to spare the
 * dependencies a replayed service calls. A rate of 0 means no limit.
 *
 * <p>The bucket holds one second of records (at least one) and starts with one token, so the first
 * record goes at once and a steady stream never runs ahead of the rate by more than that second;
 * tokens unused while idle accumulate up to it.
 *
 * <p>Threading: every method may be called from any thread; the loop consults it on the poll thread
 * when admitting a polled record, and when refused, polls again after {@link #nanosUntilAvailable}.
 * Time comes from the injected clock ({@code System::nanoTime} in the runtime), so tests need no
 * sleeps.
 *
 * <pre>{@code
 * RecordRateLimiter rate = new RecordRateLimiter(500, System::nanoTime);
 * if (rate.tryAcquire()) {
 *     admit(record);
 * } else {
 *     pollTimeout = Duration.ofNanos(rate.nanosUntilAvailable());
 * }
 * }</pre>
 */
public final class RecordRateLimiter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double recordsPerSecond;
    // The bucket kept as a schedule (the generic cell rate algorithm) in whole nanoseconds: a
    // record is due every interval, and up to burstNanos early. Unlike fractional tokens it adds
    // no rounding, so waiting nanosUntilAvailable always suffices.
    private final long interval;
    private final long burstNanos;
    private final LongSupplier nanoClock;
    private long due;

    /**
     * @param recordsPerSecond the most records per second; 0 for no limit
     * @param nanoClock a monotonic clock in nanoseconds, as {@link System#nanoTime}
     * @throws IllegalArgumentException if the rate is negative or not finite
     */
    public RecordRateLimiter(double recordsPerSecond, LongSupplier nanoClock) {
        if (!(recordsPerSecond >= 0) || Double.isInfinite(recordsPerSecond)) {
            throw new IllegalArgumentException(
                    "records per second must be 0 (no limit) or a positive number, was "
                            + recordsPerSecond);
        }
        this.recordsPerSecond = recordsPerSecond;
        // Capped at decades: the schedule is compared by differences, which must not overflow.
        this.interval =
                recordsPerSecond == 0
                        ? 0
                        : Math.min(
                                Long.MAX_VALUE / 4,
                                Math.max(1, Math.round(NANOS_PER_SECOND / recordsPerSecond)));
        this.burstNanos = Math.max(0, NANOS_PER_SECOND - interval);
        this.nanoClock = nanoClock;
        this.due = nanoClock.getAsLong() + burstNanos;
    }

    public boolean isLimited() {
        return recordsPerSecond > 0;
    }

    /** Takes one record's token if there is one now; always true without a limit. */
    public synchronized boolean tryAcquire() {
        if (!isLimited()) {
            return true;
        }
        long now = nanoClock.getAsLong();
        // Differences, not comparisons: nanoTime values may be anywhere, even negative.
        if (now - (due - burstNanos) < 0) {
            return false;
        }
        due = (now - due > 0 ? now : due) + interval;
        return true;
    }

    /** How long until {@link #tryAcquire} can succeed; 0 if it can now or there is no limit. */
    public synchronized long nanosUntilAvailable() {
        if (!isLimited()) {
            return 0;
        }
        return Math.max(0, due - burstNanos - nanoClock.getAsLong());
    }
}
