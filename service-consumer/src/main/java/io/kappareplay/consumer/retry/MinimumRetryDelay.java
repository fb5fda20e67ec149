package io.kappareplay.consumer.retry;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that says how long to wait, at least, before the next attempt: an HTTP {@code 429} or
 * {@code 503} with {@code Retry-After}. {@link RetryPolicy} waits at least this long, capped at
 * {@code retry.max-backoff}, instead of its own backoff when that is shorter.
 */
public interface MinimumRetryDelay {

    /** The least wait before the next attempt, or empty when the failure did not say. */
    Optional<Duration> minimumRetryDelay();
}
