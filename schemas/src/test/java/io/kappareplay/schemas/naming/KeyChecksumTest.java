package io.kappareplay.schemas.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class KeyChecksumTest {

    // First 8 bytes of SHA-256, computed outside Java (sha256sum): abc, the empty string,
    // order-42 and é (UTF-8 c3 a9).
    private static final String ABC = "ba7816bf8f01cfea";
    private static final String EMPTY = "e3b0c44298fc1c14";
    private static final String ORDER_42 = "3bf8b157c4238eef";
    private static final String E_ACUTE = "4a99557e4033c353";

    @Test
    void oneKeyIsTheFirstEightDigestBytesAsABigEndianLong() {
        assertThat(KeyChecksum.of("abc")).isEqualTo(signed(ABC));
        assertThat(KeyChecksum.of("")).isEqualTo(signed(EMPTY));
        assertThat(KeyChecksum.of("order-42")).isEqualTo(signed(ORDER_42));
        assertThat(KeyChecksum.of("é")).isEqualTo(signed(E_ACUTE));
    }

    @Test
    void manyKeysSumModuloTwoToTheSixtyFour() {
        // Two of the four digests are above 2^63, so the sum wraps.
        long expected =
                new BigInteger(ABC, 16)
                        .add(new BigInteger(EMPTY, 16))
                        .add(new BigInteger(ORDER_42, 16))
                        .add(new BigInteger(E_ACUTE, 16))
                        .mod(BigInteger.TWO.pow(64))
                        .longValue();

        long checksum = new KeyChecksum().add("abc").add("").add("order-42").add("é").value();

        assertThat(checksum).isEqualTo(expected).isEqualTo(0x24bae1d82c553e40L);
    }

    @Test
    void orderDoesNotMatter() {
        long forwards = new KeyChecksum().add("a").add("b").add("c").value();
        long backwards = new KeyChecksum().add("c").add("b").add("a").value();

        assertThat(forwards).isEqualTo(backwards);
    }

    @Test
    void partitionChecksumsAddUpToTheWhole() {
        long whole = new KeyChecksum().add("a").add("b").add("c").value();
        long partitions =
                new KeyChecksum().add("a").value() + new KeyChecksum().add("b").add("c").value();

        assertThat(partitions).isEqualTo(whole);
    }

    @Test
    void noKeysIsZeroAndDuplicatesCountTwice() {
        assertThat(new KeyChecksum().value()).isZero();
        assertThat(new KeyChecksum().add("abc").add("abc").value())
                .isEqualTo(2 * KeyChecksum.of("abc"));
    }

    private static long signed(String hex) {
        return new BigInteger(hex, 16).longValue();
    }
}
