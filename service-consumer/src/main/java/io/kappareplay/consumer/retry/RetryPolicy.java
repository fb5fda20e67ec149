package io.kappareplay.consumer.retry;

import static java.util.Objects.requireNonNull;

import io.kappareplay.consumer.config.ConsumerConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Decides, after a failed attempt, whether a record is retried and after how long, or goes to the
 * DLQ. What a failure means is {@link FailureKind}'s table; a retriable failure is retried until
 * {@code retry.max-attempts} attempts, the first one included, have failed.
 *
 * <p>The backoff after attempt {@code n} is {@code retry.initial-backoff × 2^(n-1)}, capped at
 * {@code retry.max-backoff}. Jitter spreads the records that failed together (a dependency's
 * outage) so that they do not retry together: the delay is {@code backoff × (1 - jitter × r)} with
 * {@code r} uniform in [0, 1). So {@code retry.jitter} 1 is "full jitter", a delay anywhere between
 * zero and the backoff; 0.5, the default, is "equal jitter", between half the backoff and the
 * backoff, which keeps a floor under the wait; 0 is none. A delay never exceeds {@code
 * retry.max-backoff}.
 *
 * <p>A failure that is a {@link MinimumRetryDelay} with a delay (an HTTP {@code Retry-After}) waits
 * at least that long, capped at {@code retry.max-backoff}: a service that asks for two minutes
 * under the default 30s cap is retried after 30s, so raise {@code retry.max-backoff} to honour
 * longer waits.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.from(config);
 * RetryDecision decision = policy.decide(1, new RetriableHandlerException("pricing service: 503"));
 * // Retry[nextAttempt=2, delay=PT0.0731S] with the defaults: 100ms, half of it jitter
 * }</pre>
 *
 * <p>Safe for concurrent use when its random source is, as the default one is.
 */
public final class RetryPolicy {

    private final int maxAttempts;
    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    private final double jitter;
    private final DoubleSupplier random;

    /**
     * @param maxAttempts attempts of one record, the first included; 1 or more
     * @param initialBackoff the backoff after the first attempt; positive
     * @param maxBackoff the longest backoff; at least {@code initialBackoff}
     * @param jitter the random share of each backoff, 0 to 1
     * @param random uniform numbers in [0, 1); a fixed one makes delays predictable in tests
     */
    public RetryPolicy(
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            double jitter,
            DoubleSupplier random) {
        requireNonNull(initialBackoff, "initialBackoff");
        requireNonNull(maxBackoff, "maxBackoff");
        requireNonNull(random, "random");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "maxAttempts is " + maxAttempts + "; use 1 or more (1 = no retries)");
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException(
                    "initialBackoff is " + initialBackoff + "; use a positive duration");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff "
                            + maxBackoff
                            + " is less than initialBackoff "
                            + initialBackoff
                            + "; use at least the initial backoff");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter is " + jitter + "; use 0 to 1");
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoffNanos = initialBackoff.toNanos();
        this.maxBackoffNanos = maxBackoff.toNanos();
        this.jitter = jitter;
        this.random = random;
    }

    /** The policy of {@code config}'s {@code retry.*} keys, with a thread-local random source. */
    public static RetryPolicy from(ConsumerConfig config) {
        return new RetryPolicy(
                config.retryMaxAttempts(),
                config.retryInitialBackoff(),
                config.retryMaxBackoff(),
                config.retryJitter(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Attempts of one record, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * What to do after attempt {@code attempt} failed with {@code failure}.
     *
     * @param attempt the attempt that failed, 1 for the first, as {@code ReplayContext.attempt}
     * @param failure what it threw, wrapped or not (see {@link FailureKind#unwrap})
     */
    public RetryDecision decide(int attempt, Throwable failure) {
        requireNonNull(failure, "failure");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt is " + attempt + "; attempts count from 1");
        }
        return switch (FailureKind.of(failure)) {
            case FATAL -> new RetryDecision.Stop((Error) FailureKind.unwrap(failure));
            case PERMANENT -> new RetryDecision.GiveUp(RetryDecision.Reason.PERMANENT);
            case RETRIABLE ->
                    attempt >= maxAttempts
                            ? new RetryDecision.GiveUp(RetryDecision.Reason.ATTEMPTS_EXHAUSTED)
                            : new RetryDecision.Retry(
                                    attempt + 1, atLeast(delay(attempt), failure));
        };
    }

    private Duration atLeast(Duration backoff, Throwable failure) {
        if (FailureKind.unwrap(failure) instanceof MinimumRetryDelay hint) {
            Optional<Duration> minimum = hint.minimumRetryDelay();
            if (minimum.isPresent() && !minimum.get().isNegative()) {
                Duration capped =
                        minimum.get().compareTo(Duration.ofNanos(maxBackoffNanos)) > 0
                                ? Duration.ofNanos(maxBackoffNanos)
                                : minimum.get();
                return capped.compareTo(backoff) > 0 ? capped : backoff;
            }
        }
        return backoff;
    }

    private Duration delay(int attempt) {
        // Doubles are exact here: a backoff of an hour is 3.6e12 ns, far below 2^53.
        double backoff =
                Math.min(Math.scalb((double) initialBackoffNanos, attempt - 1), maxBackoffNanos);
        return Duration.ofNanos((long) (backoff * (1 - jitter * random.getAsDouble())));
    }
}
