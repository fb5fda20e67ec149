package io.kappareplay.schemas.registry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: retry {@code n} (from 0) waits between half and all of {@code
 * initial * 2^n}, capped at {@code max}. The random half keeps many clients that failed together (a
 * registry restart) from retrying together.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    Duration delay(int retry) {
        // The initial wait is an int of milliseconds, so doubling it up to 30 times fits a long;
        // the cap applies long before.
        long ceiling = Math.min(initialMillis << Math.min(retry, 30), maxMillis);
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1));
    }
}
