package io.kappareplay.consumer.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {
    private static final TopicPartition ORDERS_3 = new TopicPartition("kappa.orders.ingress", 3);

    private final PartitionOffsets offsets = new PartitionOffsets(ORDERS_3);

    @Test
    void nothingIsCommittableBeforeARecordOrPositionIsKnown() {
        assertThat(offsets.committable()).isEmpty();
        assertThat(offsets.takeAdvance()).isEmpty();
    }

    @Test
    void committableIsTheContiguousCompletedPrefixWhateverTheCompletionOrder() {
        List<PendingOffset> pending = handOut(10, 11, 12, 13, 14);
        offsets.advancePosition(15);
        assertThat(offsets.committable()).hasValue(10);

        pending.get(3).complete(); // 13
        pending.get(1).complete(); // 11
        assertThat(offsets.committable()).hasValue(10);

        pending.get(0).complete(); // 10: 11 was done, 12 is not
        assertThat(offsets.committable()).hasValue(12);

        pending.get(4).complete(); // 14
        assertThat(offsets.committable()).hasValue(12);

        pending.get(2).complete(); // 12: everything below the position is done
        assertThat(offsets.committable()).hasValue(15);
    }

    @Test
    void neverCommitsPastAnUnfinishedRecordHoweverFarThePositionMoves() {
        PendingOffset stuck = offsets.handOut(5);
        for (long offset = 6; offset < 1_000; offset++) {
            offsets.handOut(offset).complete();
        }
        offsets.advancePosition(5_000);

        assertThat(offsets.committable()).hasValue(5);
        stuck.complete();
        assertThat(offsets.committable()).hasValue(5_000);
    }

    @Test
    void positionCarriesThePrefixPastTransactionMarkersAndAbortedRecords() {
        // 0 and 1 committed in one transaction (marker at 2), 3..5 aborted (marker at 6), then 7.
        List<PendingOffset> pending = handOut(0, 1, 7);
        offsets.advancePosition(8);

        pending.get(0).complete();
        pending.get(1).complete();
        assertThat(offsets.committable()).hasValue(7);

        pending.get(2).complete();
        assertThat(offsets.committable()).hasValue(8);
    }

    @Test
    void aDrainedPartitionEndsAtItsEndOffsetPastATrailingCommitMarker() {
        List<PendingOffset> pending = handOut(0, 1, 2);
        offsets.advancePosition(3);
        pending.forEach(PendingOffset::complete);
        assertThat(offsets.committable()).hasValue(3);

        // The next poll returns no record: only the commit marker at 3 was left.
        offsets.advancePosition(4);
        assertThat(offsets.committable()).hasValue(4);
    }

    @Test
    void aPartitionHoldingOnlyMarkersCommitsItsPosition() {
        offsets.advancePosition(2);
        assertThat(offsets.committable()).hasValue(2);
        assertThat(offsets.takeAdvance()).contains(new OffsetAdvance(ORDERS_3, 2, 2));
    }

    @Test
    void aMillionOffsetSpanWithFewRecordsInFlightHoldsOnlyThose() {
        List<PendingOffset> stuck = new ArrayList<>();
        for (long offset = 0; offset < 1_000_000; offset++) {
            PendingOffset pending = offsets.handOut(offset);
            if (offset % 250_000 == 7) {
                stuck.add(pending);
            } else {
                pending.complete();
            }
        }
        offsets.advancePosition(1_000_000);

        assertThat(offsets.pendingCount()).isEqualTo(4);
        assertThat(offsets.awaitedOffsets()).containsExactly(7L, 250_007L, 500_007L, 750_007L);
        assertThat(offsets.committable()).hasValue(7);

        stuck.forEach(PendingOffset::complete);
        assertThat(offsets.pendingCount()).isZero();
        assertThat(offsets.committable()).hasValue(1_000_000);
    }

    @Test
    void aSparseSpanCostsNothingForTheOffsetsInBetween() {
        PendingOffset first = offsets.handOut(0);
        offsets.handOut(999_999);
        offsets.advancePosition(1_000_000);

        assertThat(offsets.pendingCount()).isEqualTo(2);
        first.complete();
        assertThat(offsets.committable()).hasValue(999_999);
    }

    @Test
    void aRecordCompletesOnce() {
        PendingOffset pending = offsets.handOut(4);
        assertThat(pending.complete()).isTrue();
        assertThat(pending.complete()).isFalse();
        assertThat(pending.abandon()).isFalse();
        assertThat(pending).hasToString("kappa.orders.ingress-3@4");
    }

    @Test
    void anAbandonedRecordStillHoldsThePrefixBackUntilItCompletes() {
        List<PendingOffset> pending = handOut(0, 1);
        offsets.advancePosition(2);
        pending.get(1).complete();

        assertThat(pending.get(0).abandon()).isTrue();
        assertThat(pending.get(0).abandon()).isFalse();
        assertThat(offsets.committable()).hasValue(0);
        assertThat(offsets.pendingCount()).isEqualTo(1);
        assertThat(offsets.awaitedOffsets()).isEmpty();

        // It finished after all, before its partition went: that counts.
        assertThat(pending.get(0).complete()).isTrue();
        assertThat(offsets.committable()).hasValue(2);
    }

    @Test
    void recordsHandedOutOutOfPollOrderAreRefusedWithTheFix() {
        offsets.handOut(10);
        assertThatThrownBy(() -> offsets.handOut(10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 10 of kappa.orders.ingress-3")
                .hasMessageContaining("offsets up to 10")
                .hasMessageContaining("hand records out in poll order");

        offsets.advancePosition(20);
        assertThatThrownBy(() -> offsets.handOut(15))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offsets up to 19");
        assertThatThrownBy(() -> offsets.handOut(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset of kappa.orders.ingress-3 must not be negative");
    }

    @Test
    void aPositionBelowWhatWasSeenIsRefusedWithTheFix() {
        offsets.handOut(10);
        assertThatThrownBy(() -> offsets.advancePosition(10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 10 of kappa.orders.ingress-3")
                .hasMessageContaining("after handing out the records of that poll");

        offsets.advancePosition(12);
        assertThatThrownBy(() -> offsets.advancePosition(11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 11");
    }

    @Test
    void eachAdvanceNamesTheOffsetsThatBecameCommittableInThatStep() {
        List<PendingOffset> pending = handOut(100, 101, 102, 104);
        offsets.advancePosition(105);

        // Before anything finished, the first step names the starting offset with nothing in it.
        assertThat(offsets.takeAdvance()).contains(new OffsetAdvance(ORDERS_3, 100, 100));
        assertThat(offsets.takeAdvance()).isEmpty();

        pending.get(1).complete(); // 101: past the prefix, its outputs stay held
        assertThat(offsets.takeAdvance()).isEmpty();

        pending.get(0).complete();
        OffsetAdvance advance = offsets.takeAdvance().orElseThrow();
        assertThat(advance).isEqualTo(new OffsetAdvance(ORDERS_3, 100, 102));
        assertThat(advance.contains(100)).isTrue();
        assertThat(advance.contains(101)).isTrue();
        assertThat(advance.contains(102)).isFalse();

        pending.get(2).complete();
        pending.get(3).complete();
        assertThat(offsets.takeAdvance()).contains(new OffsetAdvance(ORDERS_3, 102, 105));
    }

    @Test
    void anAdvanceCannotGoBackwards() {
        assertThatThrownBy(() -> new OffsetAdvance(ORDERS_3, 5, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("advance of kappa.orders.ingress-3 goes backwards, from 5 to 4");
    }

    @Test
    void concurrentCompletionsNeverLetTheCommittableOffsetPassAnUnfinishedRecord()
            throws Exception {
        Set<Long> finished = ConcurrentHashMap.newKeySet();
        LinkedBlockingQueue<PendingOffset> work = new LinkedBlockingQueue<>();
        PendingOffset poison = new PendingOffset(offsets, -1);
        ExecutorService workers = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            done.add(
                    workers.submit(
                            () -> {
                                PendingOffset pending;
                                while ((pending = work.take()) != poison) {
                                    // Known finished before the tracker hears it.
                                    finished.add(pending.offset());
                                    pending.complete();
                                }
                                return null;
                            }));
        }
        Set<Long> handedOut = new HashSet<>();
        Random random = new Random(42);
        long offset = 0;
        long lastCommittable = 0;
        try {
            for (int round = 0; round < 2_000; round++) {
                List<PendingOffset> batch = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    offset += 1 + random.nextInt(3); // gaps: markers
                    batch.add(offsets.handOut(offset));
                    handedOut.add(offset);
                }
                offsets.advancePosition(offset + 1);
                Collections.shuffle(batch, random);
                work.addAll(batch);

                long committable = offsets.committable().orElseThrow();
                assertThat(committable).isGreaterThanOrEqualTo(lastCommittable);
                for (long below = lastCommittable; below < committable; below++) {
                    // Below the committable offset lie only finished records and markers.
                    if (handedOut.contains(below) && !finished.contains(below)) {
                        fail(
                                "committable offset %d passed unfinished record %d",
                                committable, below);
                    }
                }
                lastCommittable = committable;
            }
        } finally {
            for (int i = 0; i < 8; i++) {
                work.add(poison);
            }
            workers.shutdown();
        }
        assertThat(workers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (Future<?> worker : done) {
            worker.get();
        }
        assertThat(offsets.committable()).hasValue(offset + 1);
        assertThat(offsets.pendingCount()).isZero();
    }

    private List<PendingOffset> handOut(long... offsetsHandedOut) {
        List<PendingOffset> pending = new ArrayList<>();
        for (long offset : offsetsHandedOut) {
            pending.add(offsets.handOut(offset));
        }
        return pending;
    }
}
