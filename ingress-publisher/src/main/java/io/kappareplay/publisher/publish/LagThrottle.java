package io.kappareplay.publisher.publish;

import io.kappareplay.schemas.naming.JobNames;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional closed loop of {@link PublishOptionKey#MAX_CONSUMER_LAG}: holds a publishing task
 * while the job's consumer group is further behind the ingress topic than the bound. In the
 * reference poster the publisher out-paces heavy consumers by far, and a shared broker should not
 * fill with a backlog they work off for hours; a fixed rate limit would have to guess the
 * consumers' speed, the lag measures it.
 *
 * <p>{@link #awaitTurn} asks the broker at most once per {@link
 * PublishOptionKey#LAG_CHECK_INTERVAL} and returns at once in between, so a task may call it often.
 * Above the bound it polls at that interval, logs where it stands every {@link #PROGRESS_EVERY},
 * and gives up after {@link PublishOptionKey#MAX_LAG_WAIT}: consumers that are not running would
 * otherwise hold the job, and its open transaction, until the broker aborts it.
 *
 * <pre>{@code
 * try (LagThrottle throttle = LagThrottle.of(jobId, sparkPartition, kafkaProperties, options)) {
 *     throttle.awaitTurn(); // before every 1,000th record
 * }
 * }</pre>
 */
final class LagThrottle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LagThrottle.class);

    /** How often a waiting task logs the lag, so a held job shows why it does not progress. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    /** A consumer group's lag on a topic; a seam for tests. */
    interface Lag {
        String group();

        String topic();

        /** The group's lag now, in offsets. */
        long current();
    }

    /** Sleeps the calling thread; a seam for tests. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final String jobId;
    private final int sparkPartition;
    private final Lag lag;
    private final AutoCloseable resources;
    private final long bound;
    private final long intervalNanos;
    private final long maxWaitNanos;
    private final String maxWait;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private boolean checked;
    private long lastCheck;

    LagThrottle(
            String jobId,
            int sparkPartition,
            Lag lag,
            PublishOptions options,
            LongSupplier nanoTime,
            Sleeper sleeper) {
        this(jobId, sparkPartition, lag, () -> {}, options, nanoTime, sleeper);
    }

    private LagThrottle(
            String jobId,
            int sparkPartition,
            Lag lag,
            AutoCloseable resources,
            PublishOptions options,
            LongSupplier nanoTime,
            Sleeper sleeper) {
        this.jobId = jobId;
        this.sparkPartition = sparkPartition;
        this.lag = lag;
        this.resources = resources;
        this.bound = options.maxConsumerLag();
        this.intervalNanos = options.lagCheckInterval().toNanos();
        this.maxWaitNanos = options.maxLagWait().toNanos();
        this.maxWait = options.valueOf(PublishOptionKey.MAX_LAG_WAIT);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /**
     * The throttle of one task attempt on the system clock, reading the lag of {@code kappa.<job>}
     * on {@code kappa.<job>.ingress}; one that never waits, and opens no Admin client, when {@link
     * PublishOptions#maxConsumerLag()} is 0.
     */
    static LagThrottle of(
            String jobId,
            int sparkPartition,
            Map<String, String> kafkaProperties,
            PublishOptions options) {
        if (options.maxConsumerLag() == 0) {
            return new LagThrottle(
                    jobId, sparkPartition, null, options, System::nanoTime, nanos -> {});
        }
        JobNames names = JobNames.of(jobId);
        ConsumerGroupLag lag =
                new ConsumerGroupLag(
                        kafkaProperties,
                        names.consumerGroup(),
                        names.ingressTopic(),
                        options.adminTimeout());
        return new LagThrottle(
                jobId,
                sparkPartition,
                lag,
                lag,
                options,
                System::nanoTime,
                TimeUnit.NANOSECONDS::sleep);
    }

    /**
     * Returns once the group's lag is at most the bound, or at once when the last check is younger
     * than the check interval.
     *
     * @throws PublishFailedException if the lag stayed above the bound for the longest wait
     * @throws InterruptedException if the task was killed while waiting
     */
    void awaitTurn() throws InterruptedException {
        if (lag == null) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (checked && now - lastCheck < intervalNanos) {
            return;
        }
        long behind = check(now);
        if (behind <= bound) {
            return;
        }
        long started = now;
        long nextProgress = started + PROGRESS_EVERY.toNanos();
        log.info(
                "Job {}, Spark partition {}: group {} is {} offsets behind {}, above {}={};"
                        + " waiting for it to catch up (at most {})",
                jobId,
                sparkPartition,
                lag.group(),
                behind,
                lag.topic(),
                PublishOptionKey.MAX_CONSUMER_LAG.key(),
                bound,
                maxWait);
        while (behind > bound) {
            if (nanoTime.getAsLong() - started >= maxWaitNanos) {
                throw tooLong(behind);
            }
            sleeper.sleep(intervalNanos);
            now = nanoTime.getAsLong();
            behind = check(now);
            if (behind > bound && now - nextProgress >= 0) {
                log.info(
                        "Job {}, Spark partition {}: still waiting after {} s; group {} is {}"
                                + " offsets behind {}",
                        jobId,
                        sparkPartition,
                        TimeUnit.NANOSECONDS.toSeconds(now - started),
                        lag.group(),
                        behind,
                        lag.topic());
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
        }
        log.info(
                "Job {}, Spark partition {}: group {} is {} offsets behind, at most {}; publishing"
                        + " again after waiting {} ms",
                jobId,
                sparkPartition,
                lag.group(),
                behind,
                bound,
                TimeUnit.NANOSECONDS.toMillis(now - started));
    }

    private long check(long now) {
        long behind = lag.current();
        checked = true;
        lastCheck = now;
        return behind;
    }

    private PublishFailedException tooLong(long behind) {
        return new PublishFailedException(
                jobId,
                sparkPartition,
                "Job "
                        + jobId
                        + ", Spark partition "
                        + sparkPartition
                        + ": group "
                        + lag.group()
                        + " is still "
                        + behind
                        + " offsets behind "
                        + lag.topic()
                        + ", above "
                        + PublishOptionKey.MAX_CONSUMER_LAG.key()
                        + "="
                        + bound
                        + ", after waiting "
                        + PublishOptionKey.MAX_LAG_WAIT.key()
                        + "="
                        + maxWait
                        + " for it to catch up. The transaction is aborted. Start the job's"
                        + " consumers (or add instances), raise "
                        + PublishOptionKey.MAX_CONSUMER_LAG.key()
                        + " or "
                        + PublishOptionKey.MAX_LAG_WAIT.key()
                        + ", or set "
                        + PublishOptionKey.MAX_CONSUMER_LAG.key()
                        + "=0 to publish without waiting",
                null);
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            log.warn(
                    "Job {}, Spark partition {}: could not close the lag check's Admin client",
                    jobId,
                    sparkPartition,
                    e);
        }
    }
}
