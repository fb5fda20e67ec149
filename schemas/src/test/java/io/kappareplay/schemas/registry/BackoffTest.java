package io.kappareplay.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

    @RepeatedTest(20)
    void doublesWithJitterWithinHalfAndWhole() {
        assertThat(backoff.delay(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(backoff.delay(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(backoff.delay(3)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @RepeatedTest(20)
    void neverExceedsTheCapEvenForHugeRetryCounts() {
        assertThat(backoff.delay(20)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(backoff.delay(Integer.MAX_VALUE))
                .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @RepeatedTest(5)
    void zeroInitialBackoffRetriesAtOnce() {
        assertThat(new Backoff(Duration.ZERO, Duration.ofSeconds(10)).delay(5)).isZero();
    }
}
