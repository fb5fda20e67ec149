package io.kappareplay.consumer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class AcquiredBatchTest {
    private final AcquiredBatch batch = new AcquiredBatch();

    @Test
    void aRecordIsAcknowledgedOnceAndTheNextPollWaitsForTheLast() {
        Work first = work(0);
        Work second = work(1);
        batch.start(List.of(first, second), 1_000);

        assertThat(batch.remove(first)).isTrue();
        assertThat(batch.remove(first)).as("acknowledged already").isFalse();
        assertThat(batch.isEmpty()).isFalse();
        assertThatThrownBy(() -> batch.start(List.of(work(2)), 2_000))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 records of the last poll are not acknowledged");

        assertThat(batch.remove(second)).isTrue();
        assertThat(batch.isEmpty()).isTrue();
    }

    @Test
    void recordsPastTheirLockAreHandedOutOnceAndNoLongerAcknowledged() {
        Work done = work(0);
        Work slow = work(1);
        batch.start(List.of(done, slow), 1_000);
        batch.remove(done);

        assertThat(batch.expired(999)).isEmpty();
        assertThat(batch.nanosToLockDeadline(400)).isEqualTo(600);
        assertThat(batch.expired(1_000)).containsExactly(slow);
        assertThat(batch.expired(2_000)).isEmpty();
        assertThat(batch.remove(slow)).as("the broker has it back").isFalse();
        assertThat(batch.nanosToLockDeadline(400)).isZero();
    }

    @Test
    void theLockDeadlineIsComparedByDifferenceAsNanoTimeMustBe() {
        Work work = work(0);
        batch.start(List.of(work), Long.MAX_VALUE);

        assertThat(batch.expired(Long.MAX_VALUE - 1)).isEmpty();
        assertThat(batch.expired(Long.MIN_VALUE)).as("past the wrap").containsExactly(work);
    }

    @Test
    void takeAllEmptiesTheBatch() {
        Work work = work(0);
        batch.start(List.of(work), 1_000);

        assertThat(batch.takeAll()).containsExactly(work);
        assertThat(batch.isEmpty()).isTrue();
    }

    private static Work work(long offset) {
        return Work.acquired(new ConsumerRecord<>("kappa.j.ingress", 0, offset, null, new byte[0]));
    }
}
