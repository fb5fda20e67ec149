package io.kappareplay.consumer.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetsByPartitionTest {
    private static final TopicPartition P0 = new TopicPartition("kappa.orders.ingress", 0);
    private static final TopicPartition P1 = new TopicPartition("kappa.orders.ingress", 1);
    private static final TopicPartition P2 = new TopicPartition("kappa.orders.ingress", 2);

    private final OffsetsByPartition offsets = new OffsetsByPartition();

    @Test
    void theCommitMapHoldsOnlyPartitionsWhoseCommittableOffsetMoved() {
        offsets.assign(List.of(P0, P1, P2));
        PendingOffset p0 = offsets.partition(P0).handOut(0);
        PendingOffset p1 = offsets.partition(P1).handOut(40);
        offsets.partition(P0).advancePosition(1);
        offsets.partition(P1).advancePosition(41);
        // P2 has seen nothing yet: there is nothing to commit for it.
        assertThat(offsets.takeCommittable().offsets()).isEqualTo(Map.of(P0, at(0), P1, at(40)));
        assertThat(offsets.takeCommittable().isEmpty()).isTrue();

        p0.complete();
        assertThat(offsets.takeCommittable().offsets()).isEqualTo(Map.of(P0, at(1)));

        p1.complete();
        offsets.partition(P2).advancePosition(7);
        assertThat(offsets.takeCommittable().offsets()).isEqualTo(Map.of(P1, at(41), P2, at(7)));
        assertThat(offsets.takeCommittable().isEmpty()).isTrue();
    }

    @Test
    void aFailedCommitIsOfferedAgainUnlessALaterOneIsOnItsWay() {
        offsets.assign(List.of(P0, P1));
        offsets.partition(P0).advancePosition(5);
        offsets.partition(P1).advancePosition(9);
        CommittableOffsets first = offsets.takeCommittable();

        offsets.commitFailed(first.offsets());
        CommittableOffsets again = offsets.takeCommittable();
        assertThat(again.offsets()).isEqualTo(Map.of(P0, at(5), P1, at(9)));
        assertThat(again.advances().get(P0).isEmpty()).isTrue();

        offsets.partition(P0).advancePosition(6);
        CommittableOffsets later = offsets.takeCommittable();
        assertThat(later.offsets()).isEqualTo(Map.of(P0, at(6)));
        // The older commit's failure arrives after the later one was sent: nothing to redo.
        offsets.commitFailed(Map.of(P0, at(5)));
        assertThat(offsets.takeCommittable().isEmpty()).isTrue();
        // A failure for a partition no longer here is ignored.
        offsets.commitFailed(Map.of(new TopicPartition("kappa.orders.ingress", 9), at(1)));
    }

    @Test
    void advancesTellExactlyOnceWhichHeldOutputsToRelease() {
        offsets.assign(List.of(P0));
        PartitionOffsets p0 = offsets.partition(P0);
        List<PendingOffset> pending = List.of(p0.handOut(0), p0.handOut(1), p0.handOut(2));
        p0.advancePosition(3);
        offsets.takeCommittable();

        pending.get(2).complete();
        pending.get(0).complete();
        OffsetAdvance step = offsets.takeCommittable().advances().get(P0);
        assertThat(step).isEqualTo(new OffsetAdvance(P0, 0, 1));
        assertThat(List.of(0L, 1L, 2L)).filteredOn(step::contains).containsExactly(0L);

        pending.get(1).complete();
        step = offsets.takeCommittable().advances().get(P0);
        assertThat(List.of(0L, 1L, 2L)).filteredOn(step::contains).containsExactly(1L, 2L);
    }

    @Test
    void revokingMidFlightCommitsThePrefixAndAbandonsTheRest() throws InterruptedException {
        offsets.assign(List.of(P0, P1));
        PartitionOffsets p0 = offsets.partition(P0);
        List<PendingOffset> pending =
                List.of(p0.handOut(10), p0.handOut(11), p0.handOut(12), p0.handOut(13));
        p0.advancePosition(14);
        offsets.partition(P1).advancePosition(3);
        offsets.takeCommittable();
        pending.get(0).complete();
        pending.get(2).complete();

        Revocation revocation = offsets.revoke(List.of(P0));
        assertThat(offsets.assigned()).containsExactly(P1);
        assertThat(revocation.partitions()).containsExactly(P0);
        assertThat(revocation.awaitedOffsets()).isEqualTo(Map.of(P0, List.of(11L, 13L)));
        assertThat(revocation.awaitCompletion(Duration.ZERO)).isFalse();

        assertThat(revocation.finish().offsets()).isEqualTo(Map.of(P0, at(11)));
        // Finished too late: not committed here, the next owner replays from 11.
        assertThat(pending.get(1).complete()).isFalse();
        assertThatThrownBy(() -> p0.handOut(14))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kappa.orders.ingress-0: the partition was revoked");
        assertThatThrownBy(revocation::finish)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already finished");
        assertThatThrownBy(() -> offsets.partition(P0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kappa.orders.ingress-0 is not assigned here");
    }

    @Test
    void revocationWaitsForRecordsFinishingOnOtherThreads() throws Exception {
        offsets.assign(List.of(P0, P1));
        PendingOffset p0 = offsets.partition(P0).handOut(0);
        PendingOffset p1 = offsets.partition(P1).handOut(0);
        offsets.partition(P0).advancePosition(1);
        offsets.partition(P1).advancePosition(1);
        Revocation revocation = offsets.revoke(List.of(P0, P1));

        CompletableFuture<Void> worker =
                CompletableFuture.runAsync(
                        () -> {
                            p1.complete();
                            p0.complete();
                        });
        assertThat(revocation.awaitCompletion(Duration.ofSeconds(30))).isTrue();
        worker.get(30, TimeUnit.SECONDS);
        assertThat(revocation.finish().offsets()).isEqualTo(Map.of(P0, at(1), P1, at(1)));
    }

    @Test
    void revocationDoesNotWaitForAbandonedRecordsNorCommitPastThem() throws Exception {
        offsets.assign(List.of(P0));
        PartitionOffsets p0 = offsets.partition(P0);
        PendingOffset running = p0.handOut(0);
        PendingOffset neverStarted = p0.handOut(1);
        p0.advancePosition(2);
        Revocation revocation = offsets.revoke(List.of(P0));

        neverStarted.abandon();
        running.complete();
        assertThat(revocation.awaitedOffsets()).isEmpty();
        assertThat(revocation.awaitCompletion(Duration.ofSeconds(30))).isTrue();
        assertThat(revocation.finish().offsets()).isEqualTo(Map.of(P0, at(1)));
    }

    @Test
    void aReassignedPartitionIgnoresCompletionsFromItsEarlierAssignment() {
        offsets.assign(List.of(P0));
        PendingOffset earlier = offsets.partition(P0).handOut(5);
        offsets.revoke(List.of(P0)).finish();

        offsets.assign(List.of(P0));
        PendingOffset now = offsets.partition(P0).handOut(5);
        offsets.partition(P0).advancePosition(6);

        assertThat(earlier.complete()).isFalse();
        assertThat(offsets.partition(P0).committable()).hasValue(5);
        assertThat(now.complete()).isTrue();
        assertThat(offsets.partition(P0).committable()).hasValue(6);
    }

    @Test
    void revokingAPartitionNotAssignedHereChangesNothing() {
        offsets.assign(List.of(P0));
        Revocation revocation = offsets.revoke(List.of(P1));
        assertThat(revocation.partitions()).isEmpty();
        assertThat(revocation.finish().isEmpty()).isTrue();
        assertThat(offsets.assigned()).containsExactly(P0);
    }

    @Test
    void assigningAPartitionTwiceIsRefusedWithTheFix() {
        offsets.assign(List.of(P0));
        assertThatThrownBy(() -> offsets.assign(List.of(P1, P0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "kappa.orders.ingress-0 is assigned already: revoke it before assigning"
                                + " it again");
        assertThat(offsets.assigned()).containsExactly(P0);
    }

    @Test
    void pendingCountSumsTheAssignedPartitions() {
        offsets.assign(List.of(P0, P1));
        offsets.partition(P0).handOut(0);
        offsets.partition(P0).handOut(1).complete();
        offsets.partition(P1).handOut(0);
        assertThat(offsets.pendingCount()).isEqualTo(2);

        offsets.revoke(List.of(P1));
        assertThat(offsets.pendingCount()).isEqualTo(1);
    }

    private static OffsetAndMetadata at(long offset) {
        return new OffsetAndMetadata(offset);
    }
}
