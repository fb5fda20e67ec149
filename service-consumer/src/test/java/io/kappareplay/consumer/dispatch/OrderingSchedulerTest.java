package io.kappareplay.consumer.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OrderingSchedulerTest {
    private static final TopicPartition P0 = new TopicPartition("kappa.orders.ingress", 0);
    private static final TopicPartition P1 = new TopicPartition("kappa.orders.ingress", 1);

    @Test
    void unorderedReleasesEverythingAtOnceAndKeepsNothing() {
        OrderingScheduler<Work> scheduler = scheduler(OrderingMode.UNORDERED);
        List<Work> records = List.of(work(P0, "a", 0), work(P0, "a", 1), work(P1, "a", 0));

        assertThat(records).allMatch(scheduler::submit);
        assertThat(scheduler.waitingCount()).isZero();
        assertThat(scheduler.laneCount()).isZero();
        assertThat(records).allMatch(record -> scheduler.complete(record).isEmpty());
    }

    @Test
    void keyModeRunsInterleavedKeysInParallelAndEachKeyInOffsetOrder() {
        OrderingScheduler<Work> scheduler = scheduler(OrderingMode.KEY);
        Work a0 = work(P0, "a", 0);
        Work b1 = work(P0, "b", 1);
        Work a2 = work(P0, "a", 2);
        Work c3 = work(P0, "c", 3);
        Work b4 = work(P0, "b", 4);
        Work a5 = work(P0, "a", 5);

        assertThat(List.of(a0, b1, a2, c3, b4, a5))
                .filteredOn(scheduler::submit)
                .containsExactly(a0, b1, c3);
        assertThat(scheduler.waitingCount()).isEqualTo(3);

        assertThat(scheduler.complete(c3)).isEmpty();
        assertThat(scheduler.complete(b1)).contains(b4);
        assertThat(scheduler.complete(a0)).contains(a2);
        assertThat(scheduler.complete(a2)).contains(a5);
        assertThat(scheduler.complete(b4)).isEmpty();
        assertThat(scheduler.complete(a5)).isEmpty();
        assertThat(scheduler.waitingCount()).isZero();
        assertThat(scheduler.laneCount()).isZero();
    }

    @Test
    void keyModeKeepsEqualKeysOfDifferentPartitionsApart() {
        OrderingScheduler<Work> scheduler = scheduler(OrderingMode.KEY);
        assertThat(scheduler.submit(work(P0, "a", 0))).isTrue();
        assertThat(scheduler.submit(work(P1, "a", 0))).isTrue();
    }

    @Test
    void keyModeComparesKeyBytesByValueWhenWrapped() {
        OrderingScheduler<Work> scheduler =
                new OrderingScheduler<>(
                        OrderingMode.KEY,
                        Work::partition,
                        work -> ByteBuffer.wrap(work.key().getBytes(StandardCharsets.UTF_8)));
        assertThat(scheduler.submit(work(P0, "a", 0))).isTrue();
        assertThat(scheduler.submit(work(P0, "a", 1))).isFalse();
    }

    @Test
    void keyModeRefusesBareByteArrayKeysWithTheFix() {
        OrderingScheduler<Work> scheduler =
                new OrderingScheduler<>(
                        OrderingMode.KEY,
                        Work::partition,
                        work -> work.key().getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> scheduler.submit(work(P0, "a", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a byte[], which compares by identity")
                .hasMessageContaining("ByteBuffer.wrap(key) or a String");
    }

    @Test
    void keyModeRunsRecordsWithoutAKeyUnordered() {
        OrderingScheduler<Work> scheduler = scheduler(OrderingMode.KEY);
        Work first = work(P0, null, 0);
        assertThat(scheduler.submit(first)).isTrue();
        assertThat(scheduler.submit(work(P0, null, 1))).isTrue();
        assertThat(scheduler.complete(first)).isEmpty();
        assertThat(scheduler.laneCount()).isZero();
    }

    @Test
    void partitionModeRunsOneRecordPerPartitionInOffsetOrder() {
        OrderingScheduler<Work> scheduler = scheduler(OrderingMode.PARTITION);
        Work p0a = work(P0, "a", 0);
        Work p0b = work(P0, "b", 1);
        Work p1a = work(P1, "a", 0);
        Work p0c = work(P0, "c", 2);

        assertThat(List.of(p0a, p0b, p1a, p0c))
                .filteredOn(scheduler::submit)
                .containsExactly(p0a, p1a);
        assertThat(scheduler.complete(p0a)).contains(p0b);
        assertThat(scheduler.complete(p1a)).isEmpty();
        assertThat(scheduler.complete(p0b)).contains(p0c);
        assertThat(scheduler.complete(p0c)).isEmpty();
        assertThat(scheduler.laneCount()).isZero();
    }

    @Test
    void aRetriedRecordHoldsLaterRecordsOfItsKeyWhileOtherKeysGoOn() {
        OrderingScheduler<Work> scheduler = scheduler(OrderingMode.KEY);
        Work a0 = work(P0, "a", 0);
        Work a1 = work(P0, "a", 1);
        Work b2 = work(P0, "b", 2);
        Work b3 = work(P0, "b", 3);
        scheduler.submit(a0);
        scheduler.submit(a1);
        scheduler.submit(b2);
        scheduler.submit(b3);

        // a0 fails and waits for its retry: the loop does not complete it. b goes on.
        assertThat(scheduler.complete(b2)).contains(b3);
        assertThat(scheduler.complete(b3)).isEmpty();
        assertThat(scheduler.waitingCount()).isEqualTo(1);

        // The retry succeeds (or the record goes to the DLQ): only then may a1 run.
        assertThat(scheduler.complete(a0)).contains(a1);
    }

    @Test
    void aRetriedRecordHoldsItsWholePartitionInPartitionMode() {
        OrderingScheduler<Work> scheduler = scheduler(OrderingMode.PARTITION);
        Work first = work(P0, "a", 0);
        Work second = work(P0, "b", 1);
        Work other = work(P1, "a", 0);
        scheduler.submit(first);
        scheduler.submit(second);
        assertThat(scheduler.submit(other)).isTrue();

        assertThat(scheduler.complete(other)).isEmpty();
        assertThat(scheduler.waitingCount()).isEqualTo(1);
        assertThat(scheduler.complete(first)).contains(second);
    }

    @Test
    void droppingARevokedPartitionReturnsItsWaitingRecordsAndForgetsItsRunningOnes() {
        OrderingScheduler<Work> scheduler = scheduler(OrderingMode.KEY);
        Work a0 = work(P0, "a", 0);
        Work a1 = work(P0, "a", 1);
        Work b2 = work(P0, "b", 2);
        Work a3 = work(P0, "a", 3);
        Work otherA = work(P1, "a", 0);
        Work otherA1 = work(P1, "a", 1);
        for (Work record : List.of(a0, a1, b2, a3, otherA, otherA1)) {
            scheduler.submit(record);
        }

        assertThat(scheduler.dropPartitions(List.of(P0))).containsExactly(a1, a3);
        assertThat(scheduler.waitingCount()).isEqualTo(1);
        assertThat(scheduler.complete(a0)).isEmpty();
        assertThat(scheduler.complete(b2)).isEmpty();
        assertThat(scheduler.complete(otherA)).contains(otherA1);

        // Assigned here again: its records start afresh, untouched by the old completions.
        Work again = work(P0, "a", 1);
        assertThat(scheduler.submit(again)).isTrue();
        assertThat(scheduler.complete(a0)).isEmpty();
        assertThat(scheduler.submit(work(P0, "a", 2))).isFalse();
    }

    @Test
    void completingARecordThatIsNotRunningReleasesNothing() {
        OrderingScheduler<Work> scheduler = scheduler(OrderingMode.KEY);
        Work a0 = work(P0, "a", 0);
        Work a1 = work(P0, "a", 1);
        scheduler.submit(a0);
        scheduler.submit(a1);

        assertThat(scheduler.complete(a1)).isEmpty(); // still waiting: not its turn to finish
        assertThat(scheduler.complete(a0)).contains(a1);
        assertThat(scheduler.complete(a0)).isEmpty(); // twice
    }

    @Test
    void randomCompletionOrderKeepsEveryLaneInOrderWithOneRunningPerLane() {
        for (OrderingMode mode : List.of(OrderingMode.KEY, OrderingMode.PARTITION)) {
            OrderingScheduler<Work> scheduler = scheduler(mode);
            Random random = new Random(7);
            List<TopicPartition> partitions =
                    List.of(P0, P1, new TopicPartition("kappa.orders.ingress", 2));
            Map<TopicPartition, Long> nextOffset = new HashMap<>();
            Map<Object, List<Long>> submitted = new HashMap<>();
            Map<Object, List<Long>> started = new HashMap<>();
            Map<Object, Work> runningByLane = new HashMap<>();
            List<Work> running = new ArrayList<>();
            int maxRunning = 0;
            int outstanding = 0;

            for (int step = 0; step < 20_000; step++) {
                boolean submit = random.nextInt(3) > 0 || running.isEmpty();
                if (submit && step < 15_000) {
                    TopicPartition partition = partitions.get(random.nextInt(3));
                    long offset = nextOffset.merge(partition, 1L, Long::sum) - 1;
                    Work record = work(partition, "k" + random.nextInt(20), offset);
                    submitted
                            .computeIfAbsent(lane(mode, record), l -> new ArrayList<>())
                            .add(offset);
                    outstanding++;
                    if (scheduler.submit(record)) {
                        maxRunning =
                                Math.max(
                                        maxRunning,
                                        start(mode, record, running, runningByLane, started));
                    }
                } else if (!running.isEmpty()) {
                    Work done = running.remove(random.nextInt(running.size()));
                    runningByLane.remove(lane(mode, done));
                    outstanding--;
                    scheduler
                            .complete(done)
                            .ifPresent(next -> start(mode, next, running, runningByLane, started));
                }
                // Memory: a lane per running record, and the records submitted but not started.
                assertThat(scheduler.laneCount()).isEqualTo(running.size());
                assertThat(scheduler.waitingCount()).isEqualTo(outstanding - running.size());
            }
            while (!running.isEmpty()) {
                Work done = running.remove(0);
                runningByLane.remove(lane(mode, done));
                scheduler
                        .complete(done)
                        .ifPresent(next -> start(mode, next, running, runningByLane, started));
            }

            assertThat(started).as(mode.name()).isEqualTo(submitted);
            assertThat(maxRunning).as(mode.name()).isGreaterThan(1);
            assertThat(scheduler.laneCount()).isZero();
            assertThat(scheduler.waitingCount()).isZero();
        }
    }

    private static int start(
            OrderingMode mode,
            Work record,
            List<Work> running,
            Map<Object, Work> runningByLane,
            Map<Object, List<Long>> started) {
        Object lane = lane(mode, record);
        assertThat(runningByLane.put(lane, record))
                .as("a second record running in lane %s", lane)
                .isNull();
        started.computeIfAbsent(lane, l -> new ArrayList<>()).add(record.offset());
        running.add(record);
        return running.size();
    }

    private static Object lane(OrderingMode mode, Work record) {
        return mode == OrderingMode.KEY
                ? List.of(record.partition(), record.key())
                : record.partition();
    }

    private static OrderingScheduler<Work> scheduler(OrderingMode mode) {
        return new OrderingScheduler<>(mode, Work::partition, Work::key);
    }

    private static Work work(TopicPartition partition, String key, long offset) {
        return new Work(partition, key, offset);
    }

    /** The loop's per-record object; matched by identity, so equal fields are still distinct. */
    private static final class Work {
        private final TopicPartition partition;
        private final String key;
        private final long offset;

        Work(TopicPartition partition, String key, long offset) {
            this.partition = partition;
            this.key = key;
            this.offset = offset;
        }

        TopicPartition partition() {
            return partition;
        }

        String key() {
            return key;
        }

        long offset() {
            return offset;
        }

        @Override
        public String toString() {
            return partition + "@" + offset + "/" + key;
        }
    }
}
