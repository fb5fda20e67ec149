package io.kappareplay.publisher.contract;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;

/**
 * The offending value of a reject as text a person can check against the source: decimals without
 * exponent, timestamps as the UTC instant Spark holds, bytes in hex. Cut to {@value #MAX_CHARS}
 * characters, since a rejects table must not grow by whole documents.
 */
final class ValueText {
    static final int MAX_CHARS = 256;

    private ValueText() {}

    static Optional<String> of(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(cut(text(value)));
    }

    private static String text(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Timestamp timestamp) {
            return DateTimeUtils.microsToInstant(DateTimeUtils.fromJavaTimestamp(timestamp))
                    .toString();
        }
        if (value instanceof Date date) {
            return DateTimeUtils.daysToLocalDate(DateTimeUtils.fromJavaDate(date)).toString();
        }
        if (value instanceof byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        return String.valueOf(value);
    }

    private static String cut(String text) {
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        return text.substring(0, MAX_CHARS) + "... (" + text.length() + " characters)";
    }
}
