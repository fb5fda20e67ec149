package io.kappareplay.consumer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.runtime.ShareDrainCheck.Partition;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** When a share-partition counts as drained; the cluster side is in {@code ShareGroupIT}. */
class ShareDrainCheckTest {

    @Test
    void drainedWhenTheStartOffsetReachedTheEnd() {
        assertThat(new Partition(0, 120, OptionalLong.empty(), 120, 120).drained()).isTrue();
        assertThat(new Partition(0, 119, OptionalLong.empty(), 120, 120).drained()).isFalse();
    }

    @Test
    void drainedWhenNothingBelowTheEndIsLeftThoughTheStartOffsetTrails() {
        // As measured on 4.4.0: the persisted start offset trails, the lag does not.
        assertThat(new Partition(1, 5, OptionalLong.of(0), 6, 6).drained()).isTrue();
        assertThat(new Partition(1, 5, OptionalLong.of(1), 6, 6).drained()).isFalse();
    }

    @Test
    void neverDrainedWhileATransactionIsOpen() {
        assertThat(new Partition(2, 100, OptionalLong.of(0), 100, 130).drained()).isFalse();
    }

    @Test
    void aPartitionWithoutAShareStateIsDrainedOnlyIfNothingWasWrittenToIt() {
        assertThat(new Partition(3, -1, OptionalLong.empty(), 0, 0).drained()).isTrue();
        assertThat(new Partition(3, -1, OptionalLong.empty(), 4, 4).drained()).isFalse();
    }

    @Test
    void theStatusNamesWhatIsLeft() {
        ShareDrainCheck.Status status =
                new ShareDrainCheck.Status(
                        "kappa.j.share",
                        "kappa.j.ingress",
                        List.of(
                                new Partition(0, 10, OptionalLong.of(0), 10, 10),
                                new Partition(1, 3, OptionalLong.of(7), 10, 12)));

        assertThat(status.drained()).isFalse();
        assertThat(status)
                .hasToString(
                        "kappa.j.share on kappa.j.ingress: not drained on [1: start 3, lag 7, end"
                                + " 10 (transaction open)]");
    }
}
