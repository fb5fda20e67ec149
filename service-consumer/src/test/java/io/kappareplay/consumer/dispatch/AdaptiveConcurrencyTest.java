package io.kappareplay.consumer.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The adaptive limit against a simulated service on a fake clock: attempts start whenever the limit
 * allows, each takes the latency the test injects at its start (with seeded noise), and ends as a
 * sample. Deterministic: the windows are timed by the samples' own timestamps.
 */
class AdaptiveConcurrencyTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aLatencyRiseHalvesTheLimitWithinTenSecondsAndRecoveryRestoresItWithinThirty() {
        Service service = new Service(100, 10, 0.3);

        service.latency(10 * MS).runFor(20 * SECOND);
        int before = service.limit();
        long rise = service.now;
        service.latency(200 * MS).runUntil(() -> service.limit() <= before / 2, 60 * SECOND);
        long fell = service.now - rise;
        int low = service.limit();
        long recovery = service.now;
        service.latency(10 * MS).runUntil(() -> service.limit() >= 0.8 * before, 60 * SECOND);
        long recovered = service.now - recovery;

        assertThat(before).as("the limit at a steady 10ms").isEqualTo(100);
        assertThat(fell).as("ns from 200ms to half the limit (%d)", low).isLessThan(10 * SECOND);
        assertThat(recovered).as("ns from 10ms to 80%% of the limit").isLessThan(30 * SECOND);
        assertThat(service.lowest).isGreaterThanOrEqualTo(10);
        assertThat(service.highest).isLessThanOrEqualTo(100);
    }

    @Test
    void noisyButSteadyLatencyKeepsTheLimitAtTheCap() {
        // 10 to 20 ms, and one attempt in 500 stalled five times as long (a GC pause, a busy core).
        Service service = new Service(100, 10, 1.0);
        service.outliers = 500;

        service.latency(10 * MS).runFor(120 * SECOND);

        assertThat(service.lowest).as("the lowest limit over two minutes").isGreaterThan(90);
    }

    @Test
    void aSustainedRiseStopsAtTheMinimum() {
        Service service = new Service(100, 30, 0.3);

        service.latency(10 * MS).runFor(10 * SECOND);
        service.latency(400 * MS).runFor(30 * SECOND);

        assertThat(service.limit()).isEqualTo(30);
        assertThat(service.lowest).isEqualTo(30);
    }

    @Test
    void timeoutsLowerTheLimitThroughTheirLatency() {
        Stream stream = new Stream(100, 10);
        stream.feed(20 * SECOND, 10 * MS, 0);
        assertThat(stream.adaptive.limit()).isEqualTo(100);

        // One attempt in 1,000 times out after the default handler timeout of a minute.
        stream.feed(5 * SECOND, 10 * MS, 1_000);

        assertThat(stream.adaptive.limit()).isLessThanOrEqualTo(50);
        assertThat(stream.limit.recordLimit()).isEqualTo(stream.adaptive.limit());
    }

    @Test
    void failuresThatComeBackFastDoNotLowerTheLimit() {
        Stream stream = new Stream(100, 10);
        stream.feed(20 * SECOND, 10 * MS, 0);

        stream.failFast = 5; // every fifth attempt fails retriably, as fast as the others
        stream.feed(20 * SECOND, 10 * MS, 0);

        assertThat(stream.dropped).isPositive();
        assertThat(stream.adaptive.limit()).isEqualTo(100);
    }

    @Test
    void samplesFromManyThreadsLeaveTheLatestComputedLimitApplied() throws Exception {
        InFlightLimit limit = InFlightLimit.builder().records(200).build();
        AdaptiveConcurrency adaptive = new AdaptiveConcurrency(limit, 10);
        AtomicLong clock = new AtomicLong();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> feeders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread feeder =
                    new Thread(
                            () -> {
                                awaitQuietly(start);
                                for (int i = 0; i < 200_000; i++) {
                                    long startNanos = clock.getAndAdd(50_000);
                                    long rtt = startNanos < 20 * SECOND ? 10 * MS : 200 * MS;
                                    adaptive.onSample(startNanos, rtt, 200, false);
                                }
                            });
            feeder.start();
            feeders.add(feeder);
        }
        start.countDown();
        for (Thread feeder : feeders) {
            feeder.join();
        }

        assertThat(adaptive.limit()).as("fell under 200ms").isLessThan(100);
        assertThat(limit.recordLimit()).isEqualTo(adaptive.computedLimit());
    }

    @Test
    void theMinimumMustLieBetweenOneAndTheCap() {
        InFlightLimit limit = InFlightLimit.builder().records(20).build();

        assertThatThrownBy(() -> new AdaptiveConcurrency(limit, 21))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the adaptive limit's minimum must be from 1 to the in-flight record"
                                + " limit 20, was 21");
        assertThatThrownBy(() -> new AdaptiveConcurrency(limit, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new AdaptiveConcurrency(limit, 20).limit()).isEqualTo(20);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A closed loop: as many attempts run as the limit admits; each holds its permit for the
     * latency injected when it started, times {@code 1 + noise × r} ({@code r} uniform in [0, 1)).
     */
    private static final class Service {
        private record Attempt(
                long start, long end, int inFlightAtStart, InFlightLimit.Permit permit)
                implements Comparable<Attempt> {
            @Override
            public int compareTo(Attempt other) {
                return Long.compare(end, other.end);
            }
        }

        final InFlightLimit limit;
        final AdaptiveConcurrency adaptive;
        final double noise;
        final Random random = new Random(42);
        final PriorityQueue<Attempt> running = new PriorityQueue<>();
        LongUnaryOperator latency = now -> 10 * MS;
        int outliers;
        long now;
        int lowest = Integer.MAX_VALUE;
        int highest;

        Service(int maxInFlight, int minLimit, double noise) {
            this.limit = InFlightLimit.builder().records(maxInFlight).build();
            this.adaptive = new AdaptiveConcurrency(limit, minLimit);
            this.noise = noise;
        }

        Service latency(long nanos) {
            latency = now -> nanos;
            return this;
        }

        int limit() {
            return limit.recordLimit();
        }

        void runFor(long nanos) {
            long end = now + nanos;
            runUntil(() -> now >= end, nanos);
        }

        void runUntil(java.util.function.BooleanSupplier done, long atMost) {
            long deadline = now + atMost;
            while (!done.getAsBoolean() && now < deadline) {
                Optional<InFlightLimit.Permit> permit;
                while ((permit = limit.tryAcquire(0)).isPresent()) {
                    long took =
                            (long) (latency.applyAsLong(now) * (1 + noise * random.nextDouble()));
                    if (outliers > 0 && random.nextInt(outliers) == 0) {
                        took *= 5;
                    }
                    running.add(
                            new Attempt(now, now + took, adaptive.inFlightRecords(), permit.get()));
                }
                Attempt ended = running.poll();
                now = ended.end();
                ended.permit().release();
                adaptive.onSample(
                        ended.start(), now - ended.start(), ended.inFlightAtStart(), false);
                lowest = Math.min(lowest, limit());
                highest = Math.max(highest, limit());
            }
        }
    }

    /**
     * An open loop: attempts of a fixed latency start back to back at the rate the limit allows
     * ({@code limit / latency} a second), each with the whole limit in flight.
     */
    private static final class Stream {
        final InFlightLimit limit;
        final AdaptiveConcurrency adaptive;
        long now;
        long count;
        int failFast;
        long dropped;

        Stream(int maxInFlight, int minLimit) {
            this.limit = InFlightLimit.builder().records(maxInFlight).build();
            this.adaptive = new AdaptiveConcurrency(limit, minLimit);
        }

        /**
         * @param timeoutEvery one attempt in this many times out after a minute; 0 = none
         */
        void feed(long nanos, long latency, int timeoutEvery) {
            long end = now + nanos;
            while (now < end) {
                count++;
                boolean timedOut = timeoutEvery > 0 && count % timeoutEvery == 0;
                boolean failed = failFast > 0 && count % failFast == 0;
                boolean drop = timedOut || failed;
                if (drop) {
                    dropped++;
                }
                // A timeout ends now, a minute after its attempt started.
                long rtt = timedOut ? 60 * SECOND : latency;
                adaptive.onSample(now + latency - rtt, rtt, adaptive.limit(), drop);
                now += latency / adaptive.limit();
            }
        }
    }
}
