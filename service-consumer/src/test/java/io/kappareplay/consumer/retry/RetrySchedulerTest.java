package io.kappareplay.consumer.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** With a fake clock: nothing sleeps, time moves only when a test says so. */
class RetrySchedulerTest {

    /** A record of partition {@code partition} at {@code offset}. */
    record Pending(int partition, long offset) {}

    // Not zero: nanoTime's origin is arbitrary, and the scheduler must not care.
    private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - Duration.ofSeconds(5).toNanos());
    private final RetryScheduler<Pending> scheduler = new RetryScheduler<>(now::get);

    @Test
    void aRecordIsHandedBackOnceItsDelayHasPassedAndNotBefore() {
        scheduler.schedule(new Pending(0, 7), Duration.ofMillis(100));

        advance(Duration.ofMillis(99));
        assertThat(scheduler.drainDue()).isEmpty();
        assertThat(scheduler.size()).isOne();

        advance(Duration.ofMillis(1));
        assertThat(scheduler.drainDue()).containsExactly(new Pending(0, 7));
        assertThat(scheduler.drainDue()).isEmpty();
        assertThat(scheduler.size()).isZero();
    }

    @Test
    void recordsComeBackInOrderOfDueTimeThenOfScheduling() {
        scheduler.schedule(new Pending(0, 1), Duration.ofSeconds(3));
        scheduler.schedule(new Pending(0, 2), Duration.ofSeconds(1));
        scheduler.schedule(new Pending(1, 1), Duration.ofSeconds(2));
        scheduler.schedule(new Pending(1, 2), Duration.ofSeconds(1));
        scheduler.schedule(new Pending(2, 1), Duration.ZERO);

        assertThat(scheduler.drainDue()).containsExactly(new Pending(2, 1));
        advance(Duration.ofSeconds(5));
        assertThat(scheduler.drainDue())
                .containsExactly(
                        new Pending(0, 2), new Pending(1, 2), new Pending(1, 1), new Pending(0, 1));
    }

    @Test
    void aLongWaitDoesNotHoldBackShorterOnesScheduledAfterIt() {
        scheduler.schedule(new Pending(0, 0), Duration.ofHours(1));
        for (int i = 1; i <= 3; i++) {
            scheduler.schedule(new Pending(0, i), Duration.ofMillis(10L * i));
        }

        advance(Duration.ofMillis(30));

        assertThat(scheduler.drainDue())
                .containsExactly(new Pending(0, 1), new Pending(0, 2), new Pending(0, 3));
        assertThat(scheduler.size()).isOne();
    }

    @Test
    void manyPendingRetriesAreEachHandedBackAtTheirOwnTime() {
        SplittableRandom random = new SplittableRandom(7);
        List<Long> dueAt = new ArrayList<>(); // Millis from the start, by offset.
        for (int offset = 0; offset < 20_000; offset++) {
            long delay = random.nextLong(0, 10_000);
            dueAt.add(delay);
            scheduler.schedule(new Pending(offset % 100, offset), Duration.ofMillis(delay));
        }

        int handedBack = 0;
        for (long millis = 0; millis < 10_000; millis += 7) {
            for (Pending due : scheduler.drainDue()) {
                long expected = dueAt.get((int) due.offset());
                // Due now, and not already at the previous turn of the loop.
                assertThat(expected).isBetween(millis - 6, millis);
                handedBack++;
            }
            advance(Duration.ofMillis(7));
        }
        handedBack += scheduler.drainDue().size();

        assertThat(handedBack).isEqualTo(20_000);
        assertThat(scheduler.size()).isZero();
    }

    @Test
    void untilNextDueTellsThePollLoopHowLongItMayWait() {
        assertThat(scheduler.untilNextDue()).isEmpty();

        scheduler.schedule(new Pending(0, 1), Duration.ofMillis(250));
        scheduler.schedule(new Pending(0, 2), Duration.ofSeconds(2));
        assertThat(scheduler.untilNextDue()).contains(Duration.ofMillis(250));

        advance(Duration.ofMillis(300));
        assertThat(scheduler.untilNextDue()).contains(Duration.ZERO);

        scheduler.drainDue();
        assertThat(scheduler.untilNextDue()).contains(Duration.ofMillis(1700));
    }

    @Test
    void theRecordsOfRevokedPartitionsAreRemovedEarliestFirst() {
        scheduler.schedule(new Pending(3, 10), Duration.ofSeconds(9));
        scheduler.schedule(new Pending(4, 10), Duration.ofSeconds(1));
        scheduler.schedule(new Pending(3, 11), Duration.ofSeconds(2));
        scheduler.schedule(new Pending(5, 10), Duration.ZERO);

        List<Pending> revoked = scheduler.remove(pending -> pending.partition() == 3);

        assertThat(revoked).containsExactly(new Pending(3, 11), new Pending(3, 10));
        advance(Duration.ofSeconds(10));
        assertThat(scheduler.drainDue()).containsExactly(new Pending(5, 10), new Pending(4, 10));
    }

    @Test
    void recordsMayBeScheduledFromManyThreadsAtOnce() throws Exception {
        int threads = 8;
        int each = 2_000;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int partition = t;
                done.add(
                        executor.submit(
                                () -> {
                                    start.await();
                                    for (int offset = 0; offset < each; offset++) {
                                        scheduler.schedule(
                                                new Pending(partition, offset),
                                                Duration.ofMillis(offset % 50));
                                    }
                                    return null;
                                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }

        advance(Duration.ofMillis(50));
        List<Pending> due = scheduler.drainDue();

        assertThat(due).hasSize(threads * each).doesNotHaveDuplicates();
        for (int partition = 0; partition < threads; partition++) {
            int p = partition;
            // Each thread's records keep their order among those due at the same time.
            assertThat(due.stream().filter(r -> r.partition() == p && r.offset() % 50 == 0))
                    .extracting(Pending::offset)
                    .isSorted();
        }
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
