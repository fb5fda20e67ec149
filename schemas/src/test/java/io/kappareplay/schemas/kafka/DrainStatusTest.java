package io.kappareplay.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DrainStatusTest {

    @Test
    void partitionIsDrainedWhenCommittedReachesStableOffsetWithNoPendingTransaction() {
        assertThat(new PartitionProgress(0, 11, 11, 11, 11, false).drained()).isTrue();
        assertThat(new PartitionProgress(0, 0, 0, 0, 0, false).drained()).isTrue();
        assertThat(new PartitionProgress(0, 10, 11, 11, 11, false).drained()).isFalse();
    }

    @Test
    void onlyControlRecordsBetweenCommittedAndStableOffsetCountAsDrained() {
        PartitionProgress trailingMarker = new PartitionProgress(0, 10, 11, 11, 11, true);
        assertThat(trailingMarker.drained()).isTrue();
        assertThat(trailingMarker.lag()).isZero();
    }

    @Test
    void pendingMarkersKeepAPartitionUndrainedEvenWhenTheGroupReachedTheStableOffset() {
        PartitionProgress markersPending = new PartitionProgress(0, 0, 0, 10, 10, false);
        assertThat(markersPending.transactionPending()).isTrue();
        assertThat(markersPending.drained()).isFalse();
        assertThat(markersPending.lag()).isEqualTo(10);
    }

    @Test
    void aGivenEndIsDrainedOnceReachedWhateverIsPublishedBeyondIt() {
        // Ends at 20; a transaction is open at 25 and the watermark is 40.
        PartitionProgress reached = new PartitionProgress(0, 20, 25, 40, 20, false);
        assertThat(reached.transactionPending()).isTrue();
        assertThat(reached.drained()).isTrue();
        assertThat(new PartitionProgress(0, 19, 25, 40, 20, false).lag()).isEqualTo(1);
    }

    @Test
    void aGivenEndAboveTheStableOffsetIsNotSettledYet() {
        // The publisher's transaction up to 20 is not committed yet: nothing below 20 is certain.
        PartitionProgress unsettled = new PartitionProgress(0, 12, 12, 21, 20, false);
        assertThat(unsettled.settled()).isFalse();
        assertThat(unsettled.drained()).isFalse();
        assertThat(unsettled.lag()).isEqualTo(8);
    }

    @Test
    void statusSumsLagAndNamesUndrainedPartitions() {
        DrainStatus status =
                new DrainStatus(
                        "kappa.orders",
                        "kappa.orders.ingress",
                        List.of(
                                new PartitionProgress(0, 5, 5, 5, 5, false),
                                new PartitionProgress(1, 2, 9, 9, 9, false)));
        assertThat(status.drained()).isFalse();
        assertThat(status.lag()).isEqualTo(7);
        assertThat(status)
                .hasToString("kappa.orders on kappa.orders.ingress: lag 7 on 1 partition(s)");
    }
}
