package io.kappareplay.consumer.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.consumer.dispatch.InFlightLimit.Permit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {
    private final AtomicInteger reliefs = new AtomicInteger();

    @Test
    void theRecordLimitIsStrict() {
        InFlightLimit limit = InFlightLimit.builder().records(3).build();
        List<Permit> permits = acquire(limit, 3, 0);

        assertThat(limit.tryAcquire(0)).isEmpty();
        assertThat(limit.inFlightRecords()).isEqualTo(3);

        permits.get(0).release();
        assertThat(limit.tryAcquire(0)).isPresent();
    }

    @Test
    void theByteLimitIsStrict() {
        InFlightLimit limit = InFlightLimit.builder().records(100).bytes(100).build();
        Permit sixty = limit.tryAcquire(60).orElseThrow();

        assertThat(limit.tryAcquire(50)).isEmpty();
        Permit forty = limit.tryAcquire(40).orElseThrow();
        assertThat(limit.inFlightBytes()).isEqualTo(100);
        assertThat(limit.tryAcquire(1)).isEmpty();

        sixty.release();
        assertThat(limit.tryAcquire(50)).isPresent();
        assertThat(forty.bytes()).isEqualTo(40);
    }

    @Test
    void aRecordLargerThanTheByteLimitRunsAlone() {
        InFlightLimit limit = InFlightLimit.builder().records(10).bytes(100).build();
        Permit small = limit.tryAcquire(10).orElseThrow();
        assertThat(limit.tryAcquire(500)).isEmpty();

        small.release();
        Permit huge = limit.tryAcquire(500).orElseThrow();
        assertThat(limit.tryAcquire(0)).isEmpty();

        huge.release();
        assertThat(limit.inFlightBytes()).isZero();
        assertThat(limit.tryAcquire(10)).isPresent();
    }

    @Test
    void pausesAtTheHighWaterMarkAndResumesAtTheLowWaterMark() {
        InFlightLimit limit =
                InFlightLimit.builder()
                        .records(10)
                        .highWater(0.9)
                        .lowWater(0.5)
                        .onRelief(reliefs::incrementAndGet)
                        .build();
        List<Permit> permits = acquire(limit, 8, 0);
        assertThat(limit.shouldPause()).isFalse();

        permits.addAll(acquire(limit, 1, 0)); // 9 = high water
        assertThat(limit.shouldPause()).isTrue();
        permits.addAll(acquire(limit, 1, 0)); // room up to the limit still

        for (int released = 0; released < 4; released++) {
            permits.remove(0).release();
        }
        assertThat(limit.inFlightRecords()).isEqualTo(6);
        assertThat(limit.shouldPause()).isTrue();
        assertThat(reliefs).hasValue(0);

        permits.remove(0).release(); // 5 = low water
        assertThat(limit.shouldPause()).isFalse();
        assertThat(reliefs).hasValue(1);

        permits.remove(0).release();
        assertThat(reliefs).hasValue(1);
    }

    @Test
    void bytesHaveTheirOwnWaterMarks() {
        InFlightLimit limit =
                InFlightLimit.builder()
                        .records(100)
                        .bytes(1_000)
                        .lowWater(0.5)
                        .onRelief(reliefs::incrementAndGet)
                        .build();
        Permit big = limit.tryAcquire(900).orElseThrow();
        Permit small = limit.tryAcquire(100).orElseThrow();
        assertThat(limit.shouldPause()).isTrue();

        small.release(); // 900 bytes: above 500
        assertThat(limit.shouldPause()).isTrue();
        big.release();
        assertThat(limit.shouldPause()).isFalse();
        assertThat(reliefs).hasValue(1);
    }

    @Test
    void aRefusalBelowTheHighWaterMarkPausesAndIsFollowedByRelief() {
        InFlightLimit limit =
                InFlightLimit.builder()
                        .records(100)
                        .bytes(1_000)
                        .onRelief(reliefs::incrementAndGet)
                        .build();
        Permit permit = limit.tryAcquire(600).orElseThrow();
        assertThat(limit.shouldPause()).isFalse();

        assertThat(limit.tryAcquire(600)).isEmpty();
        assertThat(limit.shouldPause()).isTrue();

        permit.release();
        assertThat(reliefs).hasValue(1);
        assertThat(limit.tryAcquire(600)).isPresent();
    }

    @Test
    void theRecordLimitChangesAtRunTime() {
        InFlightLimit limit =
                InFlightLimit.builder()
                        .records(10)
                        .lowWater(0.5)
                        .onRelief(reliefs::incrementAndGet)
                        .build();
        List<Permit> permits = acquire(limit, 6, 0);

        limit.setRecordLimit(4); // the adaptive limiter backs off
        assertThat(limit.recordLimit()).isEqualTo(4);
        assertThat(limit.shouldPause()).isTrue();
        assertThat(limit.tryAcquire(0)).isEmpty();
        for (int released = 0; released < 3; released++) {
            permits.remove(0).release();
        }
        // Room again below the limit, though the loop keeps fetching paused until 2.
        permits.addAll(acquire(limit, 1, 0));
        assertThat(limit.tryAcquire(0)).isEmpty();
        permits.remove(0).release();
        assertThat(limit.shouldPause()).isTrue();
        permits.remove(0).release(); // 2 = low water of the new limit
        assertThat(limit.shouldPause()).isFalse();
        assertThat(reliefs).hasValue(1);
        permits.addAll(acquire(limit, 2, 0));
        assertThat(limit.tryAcquire(0)).isEmpty();

        limit.setRecordLimit(20); // and recovers: room at once, and relief for the paused loop
        assertThat(reliefs).hasValue(2);
        assertThat(limit.shouldPause()).isFalse();
        permits.addAll(acquire(limit, 16, 0));
        assertThat(limit.inFlightRecords()).isEqualTo(20);
    }

    @Test
    void releasingAPermitTwiceFreesRoomOnce() {
        InFlightLimit limit = InFlightLimit.builder().records(2).build();
        Permit permit = limit.tryAcquire(5).orElseThrow();
        limit.tryAcquire(5).orElseThrow();

        assertThat(permit.release()).isTrue();
        assertThat(permit.release()).isFalse();
        assertThat(limit.inFlightRecords()).isEqualTo(1);
        assertThat(limit.inFlightBytes()).isEqualTo(5);
    }

    @Test
    void aBlockedAcquisitionIsWokenByARelease() throws Exception {
        InFlightLimit limit = InFlightLimit.builder().records(1).build();
        Permit held = limit.tryAcquire(0).orElseThrow();

        CompletableFuture<Optional<Permit>> waiter = new CompletableFuture<>();
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                waiter.complete(limit.acquire(0, Duration.ofSeconds(60)));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                waiter.completeExceptionally(e);
                            }
                        });
        thread.start();
        held.release();

        assertThat(waiter.get(60, TimeUnit.SECONDS)).isPresent();
        assertThat(limit.inFlightRecords()).isEqualTo(1);
        thread.join();
    }

    @Test
    void everyBlockedAcquisitionIsWokenInTurn() throws Exception {
        InFlightLimit limit = InFlightLimit.builder().records(2).bytes(100).build();
        List<Permit> held = acquire(limit, 2, 50);
        ExecutorService waiters = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long bytes = 10L * (i + 1); // unequal sizes: a single signal could pick a misfit
                done.add(
                        waiters.submit(
                                () -> {
                                    Optional<Permit> permit =
                                            limit.acquire(bytes, Duration.ofSeconds(60));
                                    permit.ifPresent(Permit::release);
                                    return permit.isPresent();
                                }));
            }
            held.forEach(Permit::release);
            for (Future<Boolean> waiter : done) {
                assertThat(waiter.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            waiters.shutdownNow();
        }
        assertThat(limit.inFlightRecords()).isZero();
    }

    @Test
    void aBlockingAcquisitionGivesUpAtItsTimeout() throws InterruptedException {
        InFlightLimit limit = InFlightLimit.builder().records(1).build();
        limit.tryAcquire(0).orElseThrow();

        assertThat(limit.acquire(0, Duration.ZERO)).isEmpty();
        assertThat(limit.shouldPause()).isTrue();
    }

    @Test
    void anInterruptedAcquisitionThrowsAndTakesNothing() {
        InFlightLimit limit = InFlightLimit.builder().records(1).build();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> limit.acquire(0, Duration.ofSeconds(60)))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(limit.inFlightRecords()).isZero();
    }

    @Test
    void concurrentAcquireAndReleaseNeverExceedTheLimits() throws Exception {
        InFlightLimit limit =
                InFlightLimit.builder()
                        .records(8)
                        .bytes(1_000)
                        .lowWater(0.5)
                        .onRelief(reliefs::incrementAndGet)
                        .build();
        Stress stress = new Stress(limit, 16, 2_000);
        stress.run(() -> {});

        assertThat(stress.maxRecords).hasValueLessThanOrEqualTo(8);
        assertThat(stress.bytesOverLimitWithOthers).isFalse();
        assertThat(limit.inFlightRecords()).isZero();
        assertThat(limit.inFlightBytes()).isZero();
        assertThat(limit.shouldPause()).isFalse();
        assertThat(reliefs.get()).isPositive();
    }

    @Test
    void concurrentAcquireAndReleaseSurviveLimitChangesWithoutLostWakeups() throws Exception {
        InFlightLimit limit = InFlightLimit.builder().records(8).build();
        Stress changing = new Stress(limit, 16, 2_000);
        AtomicBoolean stop = new AtomicBoolean();
        changing.run(
                () -> {
                    int[] limits = {1, 8, 3, 6, 2};
                    for (int i = 0; !stop.get(); i++) {
                        limit.setRecordLimit(limits[i % limits.length]);
                        Thread.yield();
                    }
                },
                stop);
        assertThat(changing.maxRecords).hasValueLessThanOrEqualTo(8);

        limit.setRecordLimit(3);
        Stress settled = new Stress(limit, 16, 2_000);
        settled.run(() -> {});
        assertThat(settled.maxRecords).hasValueLessThanOrEqualTo(3);
        assertThat(limit.inFlightRecords()).isZero();
    }

    @Test
    void nonsenseSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> InFlightLimit.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("in-flight record limit must be at least 1, was 0");
        assertThatThrownBy(() -> InFlightLimit.builder().records(1).bytes(0).build())
                .hasMessage("in-flight byte limit must be at least 1, was 0");
        assertThatThrownBy(() -> InFlightLimit.builder().records(1).highWater(1.5).build())
                .hasMessage("high-water mark must be a fraction in (0, 1], was 1.5");
        assertThatThrownBy(
                        () ->
                                InFlightLimit.builder()
                                        .records(1)
                                        .highWater(0.5)
                                        .lowWater(0.5)
                                        .build())
                .hasMessage(
                        "low-water mark must be a fraction in [0, high-water mark 0.5), was 0.5");
        InFlightLimit limit = InFlightLimit.builder().records(1).build();
        assertThatThrownBy(() -> limit.setRecordLimit(0))
                .hasMessage("in-flight record limit must be at least 1, was 0");
        assertThatThrownBy(() -> limit.tryAcquire(-1))
                .hasMessage("a record's in-flight bytes must not be negative, was -1");
    }

    private static List<Permit> acquire(InFlightLimit limit, int count, long bytes) {
        List<Permit> permits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            permits.add(limit.tryAcquire(bytes).orElseThrow());
        }
        return permits;
    }

    /**
     * Threads that acquire (blocking and not), hold and release, counting by themselves what is
     * held between acquisition and release.
     */
    private static final class Stress {
        private final InFlightLimit limit;
        private final int threads;
        private final int rounds;
        private final AtomicInteger records = new AtomicInteger();
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicInteger maxRecords = new AtomicInteger();
        private volatile boolean bytesOverLimitWithOthers;

        Stress(InFlightLimit limit, int threads, int rounds) {
            this.limit = limit;
            this.threads = threads;
            this.rounds = rounds;
        }

        void run(Runnable alongside) throws Exception {
            run(alongside, new AtomicBoolean());
        }

        void run(Runnable alongside, AtomicBoolean stopAlongside) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            try {
                Future<?> side = pool.submit(alongside);
                List<Future<Void>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    workers.add(pool.submit(worker(t)));
                }
                for (Future<Void> worker : workers) {
                    // A lost wake-up would leave a worker blocked until its 60 s timeout.
                    worker.get(120, TimeUnit.SECONDS);
                }
                stopAlongside.set(true);
                side.get(60, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        private Callable<Void> worker(int seed) {
            return () -> {
                Random random = new Random(seed);
                for (int round = 0; round < rounds; round++) {
                    long recordBytes = random.nextInt(300);
                    Optional<Permit> permit =
                            random.nextBoolean()
                                    ? limit.acquire(recordBytes, Duration.ofSeconds(60))
                                    : limit.tryAcquire(recordBytes);
                    if (random.nextBoolean() && permit.isEmpty()) {
                        permit = limit.acquire(recordBytes, Duration.ofSeconds(60));
                    }
                    if (permit.isEmpty()) {
                        continue;
                    }
                    int held = records.incrementAndGet();
                    long heldBytes = bytes.addAndGet(recordBytes);
                    maxRecords.accumulateAndGet(held, Math::max);
                    if (held > 1 && heldBytes > limit.byteLimit()) {
                        bytesOverLimitWithOthers = true;
                    }
                    // Hold it a little, so other threads overlap and meet the limit.
                    for (int yields = random.nextInt(20); yields > 0; yields--) {
                        Thread.yield();
                    }
                    records.decrementAndGet();
                    bytes.addAndGet(-recordBytes);
                    permit.get().release();
                }
                return null;
            };
        }
    }
}
