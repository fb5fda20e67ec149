package io.kappareplay.publisher.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.schemas.manifest.PartitionSummary;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PartitionTallyTest {

    /**
     * ARCHITECTURE.md's formula, written out here rather than through KeyChecksum: the first 8
     * bytes of SHA-256 of the key's UTF-8 bytes as a big-endian number, summed exactly. Read
     * unsigned, so the sum surely leaves the 64-bit range; mod 2^64 a signed and an unsigned
     * reading of the same bytes are equal.
     */
    private static BigInteger exactSum(int keys) throws Exception {
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i < keys; i++) {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(("key-" + i).getBytes(StandardCharsets.UTF_8));
            sum = sum.add(new BigInteger(1, Arrays.copyOf(digest, 8)));
        }
        return sum;
    }

    @Test
    void theChecksumIsTheSumOfTheKeysModTwoToTheSixtyFour() throws Exception {
        PartitionTally tally = new PartitionTally(4);
        for (int i = 0; i < 10_000; i++) {
            tally.add("key-" + i, 2L * i);
        }

        PartitionSummary summary = tally.summary(20_001);

        BigInteger exact = exactSum(10_000);
        // 10,000 values around 2^63 each: the sum wraps around 2^64 thousands of times.
        assertThat(exact.bitLength()).isGreaterThan(64);
        assertThat(summary.keyChecksum()).isEqualTo(exact.mod(BigInteger.TWO.pow(64)).longValue());
        assertThat(summary)
                .isEqualTo(
                        new PartitionSummary(
                                4, 10_000, 0L, 19_998L, 20_001, summary.keyChecksum()));
    }

    @Test
    void aKeyAddedTwiceCountsTwice() {
        PartitionTally once = new PartitionTally(0);
        once.add("order-1", 0);
        PartitionTally twice = new PartitionTally(0);
        twice.add("order-1", 0);
        twice.add("order-1", 2);

        assertThat(twice.summary(4).keyChecksum())
                .isEqualTo(2 * once.summary(2).keyChecksum())
                .isNotZero();
    }

    @Test
    void anEmptyPartitionHasNoOffsets() {
        assertThat(new PartitionTally(7).summary(3))
                .isEqualTo(new PartitionSummary(7, 0, null, null, 3, 0));
    }
}
