package io.kappareplay.publisher.contract;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * A contract field of Avro's {@code decimal} logical type, on {@code bytes} or {@code fixed}: the
 * unscaled value in big-endian two's complement, at exactly the field's scale.
 *
 * <p>A value takes the field's scale only if that needs no rounding ({@code 1.50} fits scale 1,
 * {@code 1.55} does not), and then must have no more digits than the precision. Anything else is
 * rejected: a replay that rounds money silently is worse than one that names the row.
 */
final class DecimalField {
    private final Schema schema;
    private final int precision;
    private final int scale;

    DecimalField(Schema schema) {
        LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) schema.getLogicalType();
        this.schema = schema;
        this.precision = decimal.getPrecision();
        this.scale = decimal.getScale();
    }

    int precision() {
        return precision;
    }

    int scale() {
        return scale;
    }

    /** {@code value}, from the column value {@code original}, as the field's bytes or fixed. */
    Object encode(BigDecimal value, Object original) {
        BigDecimal scaled;
        try {
            scaled = value.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException wouldRound) {
            int places = value.stripTrailingZeros().scale();
            throw new ValueRejection(
                    RejectReason.SCALE_EXCEEDED,
                    original,
                    "has "
                            + places
                            + " decimal places; "
                            + this
                            + " keeps "
                            + scale
                            + " and would have to round it",
                    "round the value in the source (ROUND(col, "
                            + scale
                            + ")), or give the contract field a scale of at least "
                            + places);
        }
        if (scaled.precision() > precision) {
            int integerDigits = scaled.precision() - scale;
            throw new ValueRejection(
                    RejectReason.PRECISION_EXCEEDED,
                    original,
                    "has "
                            + integerDigits
                            + " digits before the decimal point; "
                            + this
                            + " holds "
                            + (precision - scale),
                    "give the contract field a precision of at least "
                            + (integerDigits + scale)
                            + ", or fix the value in the source");
        }
        byte[] unscaled = scaled.unscaledValue().toByteArray();
        if (schema.getType() == Schema.Type.BYTES) {
            return ByteBuffer.wrap(unscaled);
        }
        // Sign-extended to the fixed size; Avro's parser already refused a precision the size
        // cannot hold, so the unscaled bytes always fit.
        byte[] fixed = new byte[schema.getFixedSize()];
        int padding = fixed.length - unscaled.length;
        Arrays.fill(fixed, 0, padding, scaled.signum() < 0 ? (byte) 0xFF : (byte) 0);
        System.arraycopy(unscaled, 0, fixed, padding, unscaled.length);
        return new GenericData.Fixed(schema, fixed);
    }

    @Override
    public String toString() {
        return "decimal(" + precision + "," + scale + ")";
    }
}
