package io.kappareplay.consumer.retry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Holds records that wait for their retry, and hands them back once their time has come. Nothing
 * sleeps: a waiting record occupies no thread, so other records and keys go on, and the poll loop
 * takes the due ones at each turn.
 *
 * <pre>{@code
 * RetryScheduler<InFlightRecord> retries = new RetryScheduler<>();
 * // when an attempt failed:
 * if (policy.decide(record.attempt(), failure) instanceof RetryDecision.Retry retry) {
 *     retries.schedule(record.withAttempt(retry.nextAttempt()), retry.delay());
 * }
 * // in the poll loop, each turn:
 * retries.drainDue().forEach(dispatcher::submit);
 * Duration pollTimeout = retries.untilNextDue().filter(d -> d.compareTo(max) < 0).orElse(max);
 * }</pre>
 *
 * <p>Thread-safe: records may be scheduled from the threads that complete attempts. Time is read
 * from a monotonic nanosecond clock ({@link System#nanoTime} by default), so that a wall-clock step
 * neither fires nor freezes retries; tests pass a fake one.
 *
 * @param <T> the records waiting
 */
public final class RetryScheduler<T> {

    private final DelayQueue<Waiting<T>> queue = new DelayQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final LongSupplier nanoTime;

    /** A scheduler on {@link System#nanoTime}. */
    public RetryScheduler() {
        this(System::nanoTime);
    }

    /**
     * @param nanoTime a monotonic clock in nanoseconds, as {@link System#nanoTime}; only
     *     differences between its readings count
     */
    public RetryScheduler(LongSupplier nanoTime) {
        this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    }

    /** Holds {@code record} until {@code delay} from now; a zero delay makes it due at once. */
    public void schedule(T record, Duration delay) {
        requireNonNull(record, "record");
        requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay is " + delay + "; use zero or more");
        }
        queue.add(
                new Waiting<>(
                        record,
                        nanoTime.getAsLong() + delay.toNanos(),
                        sequence.getAndIncrement(),
                        nanoTime));
    }

    /**
     * Removes and returns the records whose time has come, earliest first; records due at the same
     * time in the order they were scheduled.
     */
    public List<T> drainDue() {
        List<Waiting<T>> due = new ArrayList<>();
        queue.drainTo(due);
        return due.stream().map(Waiting::record).toList();
    }

    /**
     * How long until the next record is due: zero if one is due now, empty if none waits. The poll
     * loop polls no longer than this, so that a retry is not late by a whole poll timeout.
     */
    public Optional<Duration> untilNextDue() {
        Waiting<T> next = queue.peek();
        if (next == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.max(0, next.getDelay(TimeUnit.NANOSECONDS))));
    }

    /**
     * Removes and returns, earliest due first, the waiting records that {@code which} selects:
     * those of revoked partitions, which their next owner retries, or all of them at shutdown.
     */
    public List<T> remove(Predicate<? super T> which) {
        requireNonNull(which, "which");
        List<Waiting<T>> removed = new ArrayList<>();
        queue.removeIf(
                waiting -> {
                    boolean selected = which.test(waiting.record());
                    if (selected) {
                        removed.add(waiting);
                    }
                    return selected;
                });
        removed.sort(Comparator.naturalOrder());
        return removed.stream().map(Waiting::record).toList();
    }

    /** How many records wait. */
    public int size() {
        return queue.size();
    }

    /**
     * A record and when it is due, ordered by due time, then by the order scheduled. Compared by
     * difference, as {@link System#nanoTime} readings must be, in case the clock wraps.
     */
    private record Waiting<T>(T record, long dueNanos, long sequence, LongSupplier nanoTime)
            implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - nanoTime.getAsLong(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Waiting<?> that = (Waiting<?>) other;
            int byDue = Long.signum(dueNanos - that.dueNanos);
            return byDue != 0 ? byDue : Long.compare(sequence, that.sequence);
        }
    }
}
