package io.kappareplay.publisher.contract;

import static io.kappareplay.publisher.contract.OneField.accepted;
import static io.kappareplay.publisher.contract.OneField.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.apache.avro.generic.GenericFixed;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.junit.jupiter.api.Test;

/**
 * Decimals against unscaled values in big-endian two's complement worked out by hand: 10^38 - 1 is
 * 0x4B3B4CA85A86C47A098A223FFFFFFFFF, its negation 0xB4C4B357A5793B85F675DDC000000001.
 */
class DecimalCoercionTest {
    private static final DecimalType DECIMAL_38_18 = DataTypes.createDecimalType(38, 18);
    private static final String BYTES_38_18 =
            "{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 38, \"scale\": 18}";
    private static final String FIXED_38_18 =
            "{\"type\": \"fixed\", \"name\": \"Amount\", \"size\": 16, \"logicalType\": \"decimal\","
                    + " \"precision\": 38, \"scale\": 18}";
    private static final String BYTES_10_2 =
            "{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 10, \"scale\": 2}";
    private static final String BYTES_5_2 =
            "{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 5, \"scale\": 2}";

    private static final BigDecimal MAX_38_18 =
            new BigDecimal("99999999999999999999.999999999999999999");
    private static final BigDecimal MIN_38_18 =
            new BigDecimal("-99999999999999999999.999999999999999999");

    @Test
    void decimal38x18AtItsLimits() {
        assertThat(hex(accepted(DECIMAL_38_18, BYTES_38_18, MAX_38_18)))
                .isEqualTo("4B3B4CA85A86C47A098A223FFFFFFFFF");
        assertThat(hex(accepted(DECIMAL_38_18, BYTES_38_18, MIN_38_18)))
                .isEqualTo("B4C4B357A5793B85F675DDC000000001");
        assertThat(hex(accepted(DECIMAL_38_18, FIXED_38_18, MAX_38_18)))
                .isEqualTo("4B3B4CA85A86C47A098A223FFFFFFFFF");
        assertThat(hex(accepted(DECIMAL_38_18, FIXED_38_18, MIN_38_18)))
                .isEqualTo("B4C4B357A5793B85F675DDC000000001");
    }

    /** -1 at scale 18 is -10^18, 0xF21F494C589C0000 in 64 bits, sign-extended to 16 bytes. */
    @Test
    void fixedIsSignExtended() {
        assertThat(
                        hex(
                                accepted(
                                        DECIMAL_38_18,
                                        FIXED_38_18,
                                        new BigDecimal("-1.000000000000000000"))))
                .isEqualTo("FFFFFFFFFFFFFFFFF21F494C589C0000");
        assertThat(hex(accepted(DECIMAL_38_18, BYTES_38_18, new BigDecimal("0E-18"))))
                .isEqualTo("00");
    }

    /** 10^20 has 21 integer digits; decimal(38,18) holds 20. */
    @Test
    void oneBeyondThePrecisionIsRejected() {
        FieldReject reject =
                rejected(
                        DataTypes.createDecimalType(38, 0),
                        BYTES_38_18,
                        new BigDecimal("100000000000000000000"));
        assertThat(reject.reason()).isEqualTo(RejectReason.PRECISION_EXCEEDED);
        assertThat(reject.message())
                .isEqualTo(
                        "v: '100000000000000000000' has 21 digits before the decimal point;"
                                + " decimal(38,18) holds 20; give the contract field a precision"
                                + " of at least 39, or fix the value in the source");
    }

    @Test
    void decimalPlacesBeyondTheScaleAreRejectedNotRounded() {
        FieldReject reject =
                rejected(DataTypes.createDecimalType(12, 4), BYTES_10_2, new BigDecimal("12.3450"));
        assertThat(reject.reason()).isEqualTo(RejectReason.SCALE_EXCEEDED);
        assertThat(reject.message())
                .isEqualTo(
                        "v: '12.3450' has 3 decimal places; decimal(10,2) keeps 2 and would have to"
                                + " round it; round the value in the source (ROUND(col, 2)), or"
                                + " give the contract field a scale of at least 3");

        // Trailing zeros are not digits that need rounding: 12.3400 is 12.34, unscaled 1234.
        assertThat(
                        hex(
                                accepted(
                                        DataTypes.createDecimalType(12, 4),
                                        BYTES_10_2,
                                        new BigDecimal("12.3400"))))
                .isEqualTo("04D2");
    }

    /**
     * Whole numbers take the scale: 123 is 123.00, unscaled 12300 = 0x300C; 1000.00 needs 6 digits.
     */
    @Test
    void integralColumnsIntoDecimals() {
        assertThat(hex(accepted(DataTypes.LongType, BYTES_5_2, 123L))).isEqualTo("300C");
        assertThat(rejected(DataTypes.LongType, BYTES_5_2, 1000L).reason())
                .isEqualTo(RejectReason.PRECISION_EXCEEDED);
    }

    @Test
    void decimalText() {
        assertThat(hex(accepted(DataTypes.StringType, BYTES_10_2, "12.30"))).isEqualTo("04CE");
        assertThat(hex(accepted(DataTypes.StringType, BYTES_10_2, "-0.01"))).isEqualTo("FF");
        assertThat(rejected(DataTypes.StringType, BYTES_10_2, "12,30").reason())
                .isEqualTo(RejectReason.UNPARSEABLE_TEXT);
        assertThat(rejected(DataTypes.StringType, BYTES_10_2, "0.001").reason())
                .isEqualTo(RejectReason.SCALE_EXCEEDED);
    }

    /** A nullable decimal field names the cast that fills it, as a required one does. */
    @Test
    void aColumnThatCannotFillADecimalIsToldTheCast() {
        for (String field : new String[] {BYTES_10_2, "[\"null\", " + BYTES_10_2 + "]"}) {
            ReconciliationReport report =
                    OneField.bind(DataTypes.BooleanType, true, field).report();
            assertThat(report.findings())
                    .as(field)
                    .singleElement()
                    .satisfies(
                            finding -> {
                                assertThat(finding.kind()).isEqualTo(FindingKind.TYPE_MISMATCH);
                                assertThat(finding.detail()).contains("CAST(col AS DECIMAL(10,2))");
                            });
        }
    }

    private static String hex(Object avroDecimal) {
        byte[] bytes;
        if (avroDecimal instanceof GenericFixed fixed) {
            bytes = fixed.bytes();
        } else {
            ByteBuffer buffer = ((ByteBuffer) avroDecimal).duplicate();
            bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
        }
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
