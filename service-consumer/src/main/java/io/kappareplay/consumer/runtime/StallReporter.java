package io.kappareplay.consumer.runtime;

import io.kappareplay.consumer.metrics.ConsumerMeters;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Reports each record that has been in flight longer than the stall threshold, once: a warning
 * naming the record, its key and attempt, and the stall counter.
 *
 * <p>It looks at most once per {@link #CHECK_INTERVAL}: the poll loop comes round for every
 * completion, thousands of times a second, and a walk over every record in flight each time cost
 * more CPU than the records' own bookkeeping (profiled at 1,000 in flight), for a threshold of a
 * minute by default. Poll thread only.
 */
final class StallReporter {
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final String jobId;
    private final Duration threshold;
    private final ConsumerMeters meters;
    private final Logger log;
    private long lastCheckNanos;

    /**
     * @param log the runtime's own logger, so that warnings name the runtime that wrote them
     */
    StallReporter(String jobId, Duration threshold, ConsumerMeters meters, Logger log) {
        this.jobId = jobId;
        this.threshold = threshold;
        this.meters = meters;
        this.log = log;
        this.lastCheckNanos = System.nanoTime();
    }

    /** Reports the records of {@code inFlight} that stalled since the last look, if one is due. */
    void check(Iterable<Work> inFlight, long nowNanos) {
        if (nowNanos - lastCheckNanos < CHECK_INTERVAL.toNanos()) {
            return;
        }
        lastCheckNanos = nowNanos;
        long thresholdNanos = threshold.toNanos();
        for (Work work : inFlight) {
            if (!work.stallReported && nowNanos - work.polledNanos > thresholdNanos) {
                work.stallReported = true;
                meters.stallReported();
                log.warn(
                        "Job {}: record {} (key {}) has been in flight for more than {}, attempt {}",
                        jobId,
                        work,
                        work.key(),
                        threshold,
                        work.attempt);
            }
        }
    }
}
