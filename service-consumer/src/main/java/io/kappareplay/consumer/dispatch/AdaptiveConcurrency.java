package io.kappareplay.consumer.dispatch;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.WindowedLimit;
import java.util.concurrent.TimeUnit;

/**
 * Moves an {@link InFlightLimit}'s record limit with the handler's latency, to spare the
 * dependencies the service calls: when attempts take longer than they used to, fewer records run at
 * once; when latency recovers, the limit climbs back. It never leaves {@code [minLimit, maxLimit]},
 * where {@code maxLimit} is the limit it was given ({@code max-in-flight}), which stays the hard
 * cap. It starts at {@code maxLimit}, where a fixed limit would run.
 *
 * <pre>{@code
 * AdaptiveConcurrency adaptive = new AdaptiveConcurrency(limit, 10);
 * int inFlightAtStart = adaptive.inFlightRecords();     // when an attempt starts
 * long startNanos = System.nanoTime();
 * // ... the attempt ends, on any thread:
 * adaptive.onSample(startNanos, System.nanoTime() - startNanos, inFlightAtStart, timedOut);
 * }</pre>
 *
 * <p><b>Algorithm.</b> Netflix's {@link Gradient2Limit} (concurrency-limits), fed by a {@link
 * WindowedLimit}. Each window's average attempt latency is compared with a long-term exponential
 * average of the window averages (600 windows). While the window is no more than 1.5 times the
 * long-term average, the limit grows by {@code 0.2 × max(4, √limit)} per window; above that the
 * limit is multiplied by the gradient {@code 1.5 × long / short}, no lower than 0.5, smoothed by
 * 0.2 (so at most about 10% a window). Tolerance, smoothing and the long-term window are the
 * library's defaults; the growth is not: {@code √limit}, as its first {@code GradientLimit} had it,
 * instead of a constant 4, so that a limit of hundreds recovers in tens of seconds, not minutes. On
 * the real runtime a limit of 100 halved within 6 seconds of its dependency's latency rising from
 * 10 to 200 ms, and was back at 80 within about 12 seconds of its return ({@code
 * AdaptiveConcurrencyIT}).
 *
 * <p>Why Gradient2 and not {@code VegasLimit}: Vegas compares each window with the lowest latency
 * it has seen and reads the difference as queued requests, against thresholds of a few requests
 * ({@code 6 × log10(limit)}): at a limit of 100 a rise of 12% already counts as queueing. A
 * handler's latency varies with its input and with the machine (garbage collection, shared cores);
 * measured against its minimum that variation looks like congestion. Gradient2 compares averages
 * with a tolerance, has a minimum limit (Vegas goes down to 1), and halves a limit of 100 within
 * about 10 windows, where Vegas steps down by {@code log10(limit)} a window.
 *
 * <p>Why windows: this runtime completes thousands of attempts a second. Fed one by one, Gradient2
 * would move the limit by 10% per attempt, and its long-term average (600 updates) would forget the
 * normal latency within a second, so a slow dependency would become the new normal almost at once.
 * A window lasts twice the fastest attempt of the previous window, at least 500ms and at most 10s,
 * and counts only with at least 10 attempts; so the long-term average spans minutes. Attempts
 * faster than 0.1ms are not counted (the library's default): a handler that fast calls no remote
 * dependency, and its timings are mostly noise.
 *
 * <p><b>Drops.</b> A caller flags an attempt that timed out or failed retriably, and the flag is
 * passed on to the {@link Limit}, but Gradient2 (0.5.4) does not read it: only latency moves the
 * limit. A timeout still lowers it, because its sample lasts the whole handler timeout. A failure
 * that comes back fast does not: records waiting for their retry keep their in-flight permits, so
 * fewer calls reach a failing dependency anyway, and a handler that fails some records for their
 * content must not slow the whole replay down. A loss-based {@link Limit} ({@code AIMDLimit},
 * {@code VegasLimit}) would act on the flag.
 *
 * <p>What it does not catch: it learns the normal latency at {@code maxLimit}, so a {@code
 * max-in-flight} that overloads a dependency from the first record on looks normal. It protects
 * against latency rising during the replay; lower {@code max-in-flight} for the other case. A
 * latency that stays high for minutes becomes the new normal, and the limit climbs back.
 *
 * <p>Threading: {@link #onSample} may be called from any thread at once (worker threads,
 * asynchronous completions, the timer); the limit it applies is always the latest the algorithm
 * computed.
 */
public final class AdaptiveConcurrency {
    /** The shortest sampling window: the limit changes at most twice a second. */
    static final long MIN_WINDOW_MILLIS = 500;

    /**
     * The longest sampling window, so that slow handlers (seconds an attempt) at a low limit still
     * complete the 10 attempts a window needs.
     */
    static final long MAX_WINDOW_MILLIS = 10_000;

    private final InFlightLimit limit;
    private final int minLimit;
    private final int maxLimit;
    private final Limit algorithm;
    private volatile int applied;

    /**
     * @param limit the limit to move; its current record limit ({@code max-in-flight}) becomes the
     *     cap and the starting point
     * @param minLimit the lowest record limit to apply, from 1 to the cap
     * @throws IllegalArgumentException if {@code minLimit} is outside that range
     */
    public AdaptiveConcurrency(InFlightLimit limit, int minLimit) {
        this.limit = limit;
        this.maxLimit = limit.recordLimit();
        if (minLimit < 1 || minLimit > maxLimit) {
            throw new IllegalArgumentException(
                    "the adaptive limit's minimum must be from 1 to the in-flight record limit "
                            + maxLimit
                            + ", was "
                            + minLimit);
        }
        this.minLimit = minLimit;
        this.algorithm =
                WindowedLimit.newBuilder()
                        .minWindowTime(MIN_WINDOW_MILLIS, TimeUnit.MILLISECONDS)
                        .maxWindowTime(MAX_WINDOW_MILLIS, TimeUnit.MILLISECONDS)
                        .build(
                                Gradient2Limit.newBuilder()
                                        .initialLimit(maxLimit)
                                        .minLimit(minLimit)
                                        .maxConcurrency(maxLimit)
                                        .queueSizeFunction(
                                                current -> Math.max(4, (int) Math.sqrt(current)))
                                        .build());
        this.applied = maxLimit;
    }

    /** The records in flight now: what a sample's {@code inFlightAtStart} is read from. */
    public int inFlightRecords() {
        return limit.inFlightRecords();
    }

    /**
     * One ended attempt. Times are {@link System#nanoTime()} values (any clock in nanoseconds that
     * only moves forward will do: windows are timed by the samples, not by a clock of their own).
     *
     * @param startNanos when the attempt started
     * @param rttNanos how long it took, until its result or its timeout
     * @param inFlightAtStart {@link #inFlightRecords()} when it started; the limit does not grow
     *     while fewer than half the limit are in flight, since latency then says nothing about more
     * @param dropped whether it timed out or failed retriably (see the class comment)
     */
    public void onSample(long startNanos, long rttNanos, int inFlightAtStart, boolean dropped) {
        algorithm.onSample(startNanos, rttNanos, inFlightAtStart, dropped);
        if (target() == applied) {
            return;
        }
        // Under the lock the latest value is read again, so a thread holding an older one cannot
        // apply it after a newer one was applied.
        synchronized (this) {
            int target = target();
            if (target != applied) {
                applied = target;
                limit.setRecordLimit(target);
            }
        }
    }

    /** The record limit applied last. */
    public int limit() {
        return applied;
    }

    public int minLimit() {
        return minLimit;
    }

    public int maxLimit() {
        return maxLimit;
    }

    /** The limit the algorithm computes now, within the bounds: what the next sample applies. */
    int computedLimit() {
        return target();
    }

    private int target() {
        return Math.max(minLimit, Math.min(maxLimit, algorithm.getLimit()));
    }

    @Override
    public String toString() {
        return "AdaptiveConcurrency[limit=" + applied + ", " + minLimit + ".." + maxLimit + "]";
    }
}
