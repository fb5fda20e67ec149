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
        // Doubling stops at 2^30 so the shift cannot overflow; the cap applies long before anyway.
        long exponential = initialMillis << Math.min(retry, 30);
        long ceiling = exponential < 0 ? maxMillis : Math.min(exponential, maxMillis);
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1));
    }
}
