package io.kappareplay.publisher.contract;

import static io.kappareplay.publisher.contract.OneField.accepted;
import static io.kappareplay.publisher.contract.OneField.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** Widening keeps every value; narrowing keeps the values that fit and rejects the rest. */
class NumericCoercionTest {

    @Test
    void wideningKeepsTheValueAndTheAvroJavaType() {
        assertThat(accepted(DataTypes.ByteType, "\"int\"", (byte) -128)).isEqualTo(-128);
        assertThat(accepted(DataTypes.ShortType, "\"long\"", (short) 32767)).isEqualTo(32767L);
        assertThat(accepted(DataTypes.IntegerType, "\"long\"", Integer.MIN_VALUE))
                .isEqualTo(-2147483648L);
        assertThat(accepted(DataTypes.IntegerType, "\"double\"", Integer.MAX_VALUE))
                .isEqualTo(2147483647.0);
        assertThat(accepted(DataTypes.FloatType, "\"double\"", 0.1f)).isEqualTo((double) 0.1f);
        assertThat(accepted(DataTypes.ShortType, "\"float\"", (short) -32768)).isEqualTo(-32768.0f);
        assertThat(
                        accepted(
                                DataTypes.createDecimalType(9, 0),
                                "\"int\"",
                                new BigDecimal("999999999")))
                .isEqualTo(999_999_999);
    }

    @Test
    void longIntoIntKeepsWhatFits() {
        assertThat(accepted(DataTypes.LongType, "\"int\"", 2_147_483_647L))
                .isEqualTo(2_147_483_647);
        FieldReject reject = rejected(DataTypes.LongType, "\"int\"", 2_147_483_648L);
        assertThat(reject.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(reject.message())
                .isEqualTo(
                        "v: '2147483648' is outside the range of int; change the contract field to"
                                + " long, or fix the value in the source");
    }

    /**
     * 2^53 = 9007199254740992 is a double, 2^53 + 1 is not. Long.MAX_VALUE rounds to 2^63, which a
     * cast back to long clamps to Long.MAX_VALUE again: the check must not be fooled by that.
     */
    @Test
    void longIntoDoubleKeepsOnlyExactValues() {
        assertThat(accepted(DataTypes.LongType, "\"double\"", 9_007_199_254_740_992L))
                .isEqualTo(9.007199254740992E15);
        assertThat(rejected(DataTypes.LongType, "\"double\"", 9_007_199_254_740_993L).reason())
                .isEqualTo(RejectReason.NOT_EXACT);
        FieldReject max = rejected(DataTypes.LongType, "\"double\"", Long.MAX_VALUE);
        assertThat(max.reason()).isEqualTo(RejectReason.NOT_EXACT);
        assertThat(max.problem())
                .isEqualTo(
                        "cannot be held exactly by a double (it would become"
                                + " 9.223372036854776E18)");
        assertThat(accepted(DataTypes.LongType, "\"double\"", Long.MIN_VALUE))
                .isEqualTo(-9.223372036854775808E18);
    }

    /**
     * 2^24 + 1 = 16777217 is the first int a float cannot hold; Integer.MAX_VALUE rounds to 2^31.
     */
    @Test
    void intIntoFloatKeepsOnlyExactValues() {
        assertThat(accepted(DataTypes.IntegerType, "\"float\"", 16_777_216))
                .isEqualTo(1.6777216E7f);
        assertThat(rejected(DataTypes.IntegerType, "\"float\"", 16_777_217).reason())
                .isEqualTo(RejectReason.NOT_EXACT);
        assertThat(rejected(DataTypes.IntegerType, "\"float\"", Integer.MAX_VALUE).reason())
                .isEqualTo(RejectReason.NOT_EXACT);
    }

    @Test
    void doubleIntoFloatKeepsOnlyExactValues() {
        assertThat(accepted(DataTypes.DoubleType, "\"float\"", 0.5)).isEqualTo(0.5f);
        assertThat(accepted(DataTypes.DoubleType, "\"float\"", Double.NaN)).isEqualTo(Float.NaN);
        assertThat(accepted(DataTypes.DoubleType, "\"float\"", Double.NEGATIVE_INFINITY))
                .isEqualTo(Float.NEGATIVE_INFINITY);
        FieldReject tenth = rejected(DataTypes.DoubleType, "\"float\"", 0.1);
        assertThat(tenth.reason()).isEqualTo(RejectReason.NOT_EXACT);
        assertThat(tenth.problem())
                .isEqualTo(
                        "cannot be held exactly by a float (it would become 0.10000000149011612)");
        assertThat(rejected(DataTypes.DoubleType, "\"float\"", 1e300).reason())
                .isEqualTo(RejectReason.OUT_OF_RANGE);
    }

    @Test
    void decimalIntoWholeNumbersNeedsNoFraction() {
        assertThat(
                        accepted(
                                DataTypes.createDecimalType(20, 2),
                                "\"long\"",
                                new BigDecimal("42.00")))
                .isEqualTo(42L);
        FieldReject fraction =
                rejected(DataTypes.createDecimalType(20, 2), "\"long\"", new BigDecimal("42.50"));
        assertThat(fraction.reason()).isEqualTo(RejectReason.NOT_EXACT);
        assertThat(fraction.problem())
                .isEqualTo("has a fractional part, and long holds whole numbers");
        assertThat(
                        rejected(
                                        DataTypes.createDecimalType(20, 0),
                                        "\"long\"",
                                        new BigDecimal("9223372036854775808"))
                                .reason())
                .isEqualTo(RejectReason.OUT_OF_RANGE);
    }

    /** A CSV column is text: each value is parsed, strictly. */
    @Test
    void textIsParsedStrictly() {
        assertThat(accepted(DataTypes.StringType, "\"int\"", "-42")).isEqualTo(-42);
        assertThat(accepted(DataTypes.StringType, "\"long\"", "+9223372036854775807"))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(accepted(DataTypes.StringType, "\"double\"", "2.5E-3")).isEqualTo(0.0025);
        assertThat(accepted(DataTypes.StringType, "\"float\"", "NaN")).isEqualTo(Float.NaN);
        assertThat(accepted(DataTypes.StringType, "\"boolean\"", "TRUE")).isEqualTo(true);

        assertThat(rejected(DataTypes.StringType, "\"int\"", " 42").reason())
                .isEqualTo(RejectReason.UNPARSEABLE_TEXT);
        assertThat(rejected(DataTypes.StringType, "\"int\"", "4x").message())
                .isEqualTo(
                        "v: '4x' is not a whole number in decimal digits; fix the value in the"
                                + " source");
        assertThat(rejected(DataTypes.StringType, "\"int\"", "2147483648").reason())
                .isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(rejected(DataTypes.StringType, "\"double\"", "0x1p3").reason())
                .isEqualTo(RejectReason.UNPARSEABLE_TEXT);
        assertThat(rejected(DataTypes.StringType, "\"double\"", "1.5d").reason())
                .isEqualTo(RejectReason.UNPARSEABLE_TEXT);
        assertThat(rejected(DataTypes.StringType, "\"double\"", "1e400").reason())
                .isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(rejected(DataTypes.StringType, "\"boolean\"", "yes").reason())
                .isEqualTo(RejectReason.UNPARSEABLE_TEXT);
    }
}
