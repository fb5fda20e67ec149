package io.kappareplay.sink.bounded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetSetTest {

    @Test
    void countsDistinctOffsetsAndRefusesASecondCopy() {
        OffsetSet offsets = new OffsetSet();
        assertThat(offsets.add(0)).isTrue();
        assertThat(offsets.add(1)).isTrue();
        assertThat(offsets.add(0)).isFalse();
        // Past one chunk and past int range: each offset keeps its own bit.
        assertThat(offsets.add(1L << 24)).isTrue();
        assertThat(offsets.add((1L << 24) + 1)).isTrue();
        assertThat(offsets.add(5_000_000_000L)).isTrue();
        assertThat(offsets.add(5_000_000_000L)).isFalse();
        assertThat(offsets.add(5_000_000_000L - (1L << 32))).isTrue();
        assertThat(offsets.size()).isEqualTo(6);
    }
}
