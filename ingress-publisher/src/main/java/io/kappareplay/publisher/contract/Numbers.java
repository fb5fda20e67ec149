package io.kappareplay.publisher.contract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Numeric conversions that either keep the value exactly or reject it: narrowing is checked per
 * value, and nothing is rounded. Spark hands integral columns as {@code Byte}, {@code Short},
 * {@code Integer} or {@code Long}, floating ones as {@code Float} or {@code Double}, decimals as
 * {@code BigDecimal}.
 */
final class Numbers {
    /** Decimal digits, optionally signed; no spaces, no grouping, no other scripts' digits. */
    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");

    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    /**
     * What {@code Double.parseDouble} reads, less its hex floats and {@code d}/{@code f} suffixes.
     */
    private static final Pattern FLOATING =
            Pattern.compile(
                    "NaN|[+-]?Infinity|[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    /** 2^63 as a float or double: what {@code Long.MAX_VALUE} rounds to, and not a long. */
    private static final double TWO_TO_63 = 0x1p63;

    private Numbers() {}

    static Object intValue(Object value) {
        return ((Number) value).intValue();
    }

    static Object longValue(Object value) {
        return ((Number) value).longValue();
    }

    static Object floatValue(Object value) {
        return ((Number) value).floatValue();
    }

    static Object doubleValue(Object value) {
        return ((Number) value).doubleValue();
    }

    static Object longToInt(Object value) {
        long whole = (Long) value;
        if (whole < Integer.MIN_VALUE || whole > Integer.MAX_VALUE) {
            throw outOfRange(value, "int", "change the contract field to long");
        }
        return (int) whole;
    }

    /** int or long into float: exact up to 2^24, and beyond where the value happens to fit. */
    static Object integralToFloat(Object value) {
        long whole = ((Number) value).longValue();
        float single = whole;
        if (single == TWO_TO_63 || (long) single != whole) {
            throw notExact(
                    value,
                    "float",
                    Double.toString(single),
                    "change the contract field to a" + " long, a double or a decimal");
        }
        return single;
    }

    /** long into double: exact up to 2^53, and beyond where the value happens to fit. */
    static Object longToDouble(Object value) {
        long whole = (Long) value;
        double dbl = whole;
        if (dbl == TWO_TO_63 || (long) dbl != whole) {
            throw notExact(
                    value,
                    "double",
                    Double.toString(dbl),
                    "change the contract field to a" + " long or a decimal");
        }
        return dbl;
    }

    static Object doubleToFloat(Object value) {
        double dbl = (Double) value;
        float single = (float) dbl;
        if (Double.isNaN(dbl) || single == dbl) {
            return single;
        }
        if (Float.isInfinite(single)) {
            throw outOfRange(value, "float", "change the contract field to double");
        }
        throw notExact(
                value,
                "float",
                Double.toString(single),
                "change the contract field to" + " double, or round the value in the source");
    }

    static Object decimalToInt(Object value) {
        BigDecimal decimal = (BigDecimal) value;
        requireWhole(decimal, "int");
        try {
            return decimal.intValueExact();
        } catch (ArithmeticException e) {
            throw outOfRange(value, "int", "change the contract field to long or decimal");
        }
    }

    static Object decimalToLong(Object value) {
        BigDecimal decimal = (BigDecimal) value;
        requireWhole(decimal, "long");
        try {
            return decimal.longValueExact();
        } catch (ArithmeticException e) {
            throw outOfRange(value, "long", "change the contract field to a decimal");
        }
    }

    static Object textToInt(Object value) {
        BigInteger whole = wholeNumber((String) value);
        if (whole.bitLength() > 31) {
            throw outOfRange(value, "int", "change the contract field to long");
        }
        return whole.intValue();
    }

    static Object textToLong(Object value) {
        BigInteger whole = wholeNumber((String) value);
        if (whole.bitLength() > 63) {
            throw outOfRange(value, "long", "change the contract field to a decimal");
        }
        return whole.longValue();
    }

    /**
     * Text into a float: the nearest float, as any reader of decimal text into binary floating
     * point must (0.1 has no exact float); text beyond the float range is rejected, not made
     * infinite.
     */
    static Object textToFloat(Object value) {
        String text = floating((String) value);
        float single = Float.parseFloat(text);
        if (Float.isInfinite(single) && !text.endsWith("Infinity")) {
            throw outOfRange(value, "float", "change the contract field to double");
        }
        return single;
    }

    /** Text into a double: the nearest double; beyond the double range is rejected. */
    static Object textToDouble(Object value) {
        String text = floating((String) value);
        double dbl = Double.parseDouble(text);
        if (Double.isInfinite(dbl) && !text.endsWith("Infinity")) {
            throw outOfRange(value, "double", "change the contract field to a decimal");
        }
        return dbl;
    }

    /** Text into a decimal number, to be checked against the field's precision and scale. */
    static BigDecimal textToDecimal(String text) {
        if (DECIMAL.matcher(text).matches()) {
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                // An exponent beyond an int: no contract decimal holds it either.
            }
        }
        throw new ValueRejection(
                RejectReason.UNPARSEABLE_TEXT,
                text,
                "is not a decimal number like -12.50 or 1.5E3",
                "fix the value in the source");
    }

    static Object textToBoolean(Object value) {
        String text = (String) value;
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new ValueRejection(
                RejectReason.UNPARSEABLE_TEXT,
                value,
                "is not true or false",
                "fix the value in the source, e.g. CASE WHEN col = 'Y' THEN 'true' ELSE 'false'"
                        + " END");
    }

    private static BigInteger wholeNumber(String text) {
        if (!WHOLE.matcher(text).matches()) {
            throw new ValueRejection(
                    RejectReason.UNPARSEABLE_TEXT,
                    text,
                    "is not a whole number in decimal digits",
                    "fix the value in the source");
        }
        return new BigInteger(text);
    }

    private static String floating(String text) {
        if (!FLOATING.matcher(text).matches()) {
            throw new ValueRejection(
                    RejectReason.UNPARSEABLE_TEXT,
                    text,
                    "is not a number like -1.5, 2.5E-3, NaN or Infinity",
                    "fix the value in the source");
        }
        return text;
    }

    private static void requireWhole(BigDecimal decimal, String type) {
        if (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0) {
            throw new ValueRejection(
                    RejectReason.NOT_EXACT,
                    decimal,
                    "has a fractional part, and " + type + " holds whole numbers",
                    "round the value in the source, or change the contract field to a decimal");
        }
    }

    private static ValueRejection outOfRange(Object value, String type, String fix) {
        return new ValueRejection(
                RejectReason.OUT_OF_RANGE,
                value,
                "is outside the range of " + type,
                fix + ", or fix the value in the source");
    }

    /**
     * {@code becomes} shows a float through {@code Double.toString}: 0.1f then reads
     * 0.10000000149011612, what it holds, rather than the 0.1 of its shortest text.
     */
    private static ValueRejection notExact(Object value, String type, String becomes, String fix) {
        return new ValueRejection(
                RejectReason.NOT_EXACT,
                value,
                "cannot be held exactly by a " + type + " (it would become " + becomes + ")",
                fix);
    }
}
