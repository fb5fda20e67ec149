package io.kappareplay.publisher.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RatePacerTest {
    private long now = TimeUnit.SECONDS.toNanos(100);
    private final List<Long> sleeps = new ArrayList<>();

    private RatePacer pacer(int recordsPerSecond) {
        return new RatePacer(
                recordsPerSecond,
                () -> now,
                nanos -> {
                    sleeps.add(nanos);
                    now += nanos;
                });
    }

    @Test
    void aThousandPerSecondSendsTheThousandthRecordAfterAlmostOneSecond() throws Exception {
        long start = now;
        RatePacer pacer = pacer(1000);

        for (int i = 0; i < 1000; i++) {
            pacer.awaitTurn();
        }

        assertThat(now - start).isEqualTo(TimeUnit.MILLISECONDS.toNanos(999));
        assertThat(sleeps).hasSize(999).allMatch(nanos -> nanos == 1_000_000);
    }

    @Test
    void sleepsOnlyOnceAMillisecondAhead() throws Exception {
        long start = now;
        RatePacer pacer = pacer(10_000);

        for (int i = 0; i < 101; i++) {
            pacer.awaitTurn();
        }

        assertThat(now - start).isEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(sleeps).hasSize(10);
    }

    @Test
    void aSlowSpellIsMadeUpFor() throws Exception {
        RatePacer pacer = pacer(1000);
        pacer.awaitTurn();
        now += TimeUnit.MILLISECONDS.toNanos(50);

        for (int i = 0; i < 50; i++) {
            pacer.awaitTurn();
        }

        assertThat(sleeps).isEmpty();
    }

    @Test
    void noLimitNeverWaits() throws Exception {
        RatePacer pacer = pacer(0);

        for (int i = 0; i < 10_000; i++) {
            pacer.awaitTurn();
        }

        assertThat(sleeps).isEmpty();
    }
}
