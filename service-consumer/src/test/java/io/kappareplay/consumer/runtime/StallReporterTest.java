package io.kappareplay.consumer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.metrics.ConsumerMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StallReporterTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerMeters meters = new ConsumerMeters(registry, "stalls");
    private final StallReporter stalls =
            new StallReporter(
                    "stalls",
                    Duration.ofSeconds(5),
                    meters,
                    LoggerFactory.getLogger(StallReporterTest.class));

    private static Work work(long offset) {
        return new Work(new ConsumerRecord<>("kappa.stalls.ingress", 0, offset, null, null), null);
    }

    private double stalled() {
        return registry.get(ConsumerMeters.STALLED).counter().count();
    }

    @Test
    void reportsEachRecordPastTheThresholdOnce() {
        Work first = work(1);
        Work second = work(2);
        long stalledAt = second.polledNanos + Duration.ofSeconds(6).toNanos();
        stalls.check(List.of(first, second), first.polledNanos + Duration.ofSeconds(1).toNanos());
        assertThat(stalled()).as("in flight for 1 s, below the 5 s threshold").isZero();

        stalls.check(List.of(first, second), stalledAt);
        stalls.check(List.of(first, second), stalledAt + Duration.ofSeconds(10).toNanos());

        assertThat(first.stallReported).isTrue();
        assertThat(second.stallReported).isTrue();
        assertThat(stalled()).as("each stalled record counted once").isEqualTo(2);
    }

    @Test
    void looksAtMostOncePerInterval() {
        Work work = work(1);
        long stalledAt = work.polledNanos + Duration.ofSeconds(6).toNanos();
        stalls.check(List.of(), stalledAt);

        // Stalled by now, but the last look was less than the interval ago.
        stalls.check(List.of(work), stalledAt + StallReporter.CHECK_INTERVAL.toNanos() / 2);
        assertThat(work.stallReported).isFalse();

        stalls.check(List.of(work), stalledAt + StallReporter.CHECK_INTERVAL.toNanos());
        assertThat(work.stallReported).isTrue();
        assertThat(stalled()).isEqualTo(1);
    }
}
