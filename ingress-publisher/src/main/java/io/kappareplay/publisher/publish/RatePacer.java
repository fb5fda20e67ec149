package io.kappareplay.publisher.publish;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Holds a task to {@code recordsPerSecond} by the schedule "record n not before start + n / rate":
 * a slow spell is made up for, so the average holds over the task, and the thread sleeps only once
 * it is a millisecond ahead, because sleeps shorter than that overshoot.
 */
final class RatePacer {
    private static final long MIN_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Sleeps the calling thread; a seam for tests. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double nanosPerRecord;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long start;
    private long admitted;

    RatePacer(int recordsPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        this.nanosPerRecord = recordsPerSecond == 0 ? 0 : 1e9 / recordsPerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** A pacer on the system clock; {@code recordsPerSecond} 0 never waits. */
    static RatePacer of(int recordsPerSecond) {
        return new RatePacer(recordsPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /** Waits until the next record is due. */
    void awaitTurn() throws InterruptedException {
        if (nanosPerRecord == 0) {
            return;
        }
        if (admitted == 0) {
            start = nanoTime.getAsLong();
        }
        long due = start + (long) (admitted * nanosPerRecord);
        long ahead = due - nanoTime.getAsLong();
        if (ahead >= MIN_SLEEP_NANOS) {
            sleeper.sleep(ahead);
        }
        admitted++;
    }
}
