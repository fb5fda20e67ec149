package io.kappareplay.consumer.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecordRateLimiterTest {
    private final AtomicLong now = new AtomicLong(123_456_789L);

    @Test
    void zeroMeansNoLimit() {
        RecordRateLimiter rate = new RecordRateLimiter(0, now::get);
        assertThat(rate.isLimited()).isFalse();
        for (int i = 0; i < 10_000; i++) {
            assertThat(rate.tryAcquire()).isTrue();
        }
        assertThat(rate.nanosUntilAvailable()).isZero();
    }

    @Test
    void theFirstRecordGoesAtOnceAndTheNextWhenItsTokenIsDue() {
        RecordRateLimiter rate = new RecordRateLimiter(10, now::get);
        assertThat(rate.tryAcquire()).isTrue();
        assertThat(rate.tryAcquire()).isFalse();
        assertThat(rate.nanosUntilAvailable()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));

        advanceMillis(99);
        assertThat(rate.tryAcquire()).isFalse();
        assertThat(rate.nanosUntilAvailable()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        advanceMillis(1);
        assertThat(rate.tryAcquire()).isTrue();
        assertThat(rate.tryAcquire()).isFalse();
    }

    @Test
    void waitingAsToldAlwaysSucceeds() {
        RecordRateLimiter rate = new RecordRateLimiter(3, now::get);
        for (int i = 0; i < 1_000; i++) {
            if (!rate.tryAcquire()) {
                now.addAndGet(rate.nanosUntilAvailable());
                assertThat(rate.tryAcquire()).isTrue();
            }
        }
    }

    @Test
    void idleTimeBanksAtMostOneSecondOfRecords() {
        RecordRateLimiter rate = new RecordRateLimiter(50, now::get);
        rate.tryAcquire();
        advanceMillis(60_000);

        int burst = 0;
        while (rate.tryAcquire()) {
            burst++;
        }
        assertThat(burst).isEqualTo(50);
    }

    @Test
    void aSteadyStreamKeepsToTheRate() {
        RecordRateLimiter rate = new RecordRateLimiter(200, now::get);
        int admitted = 0;
        for (int millis = 0; millis < 60_000; millis++) {
            while (rate.tryAcquire()) {
                admitted++;
            }
            advanceMillis(1);
        }
        // 60 s at 200/s, plus the one token it starts with.
        assertThat(admitted).isBetween(12_000, 12_001);
    }

    @Test
    void aRateBelowOnePerSecondSpacesRecordsOut() {
        RecordRateLimiter rate = new RecordRateLimiter(0.5, now::get);
        assertThat(rate.tryAcquire()).isTrue();
        assertThat(rate.nanosUntilAvailable()).isEqualTo(TimeUnit.SECONDS.toNanos(2));
        advanceMillis(1_999);
        assertThat(rate.tryAcquire()).isFalse();
        advanceMillis(1);
        assertThat(rate.tryAcquire()).isTrue();
    }

    @Test
    void aClockNearItsWrapAroundIsHandled() {
        now.set(Long.MAX_VALUE - TimeUnit.MILLISECONDS.toNanos(50));
        RecordRateLimiter rate = new RecordRateLimiter(10, now::get);
        assertThat(rate.tryAcquire()).isTrue();
        advanceMillis(99);
        assertThat(rate.tryAcquire()).isFalse();
        advanceMillis(1);
        assertThat(rate.tryAcquire()).isTrue();
    }

    @Test
    void aNegativeOrEndlessRateIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> new RecordRateLimiter(-1, now::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "records per second must be 0 (no limit) or a positive number, was -1.0");
        assertThatThrownBy(() -> new RecordRateLimiter(Double.NaN, now::get))
                .hasMessageContaining("was NaN");
        assertThatThrownBy(() -> new RecordRateLimiter(Double.POSITIVE_INFINITY, now::get))
                .hasMessageContaining("was Infinity");
    }

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
