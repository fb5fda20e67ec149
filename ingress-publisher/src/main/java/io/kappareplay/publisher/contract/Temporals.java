package io.kappareplay.publisher.contract;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;

/**
 * Dates and timestamps from a Spark {@code Row} into Avro's numbers, without any time zone.
 *
 * <p>Spark holds a {@code timestamp} as microseconds since the epoch (UTC) and a {@code date} as
 * days since the epoch in the proleptic Gregorian calendar. A {@code Row} shows them as {@link
 * Instant} and {@link LocalDate} when {@code spark.sql.datetime.java8API.enabled} is true, and as
 * {@link Timestamp} and {@link Date} otherwise. Those two legacy classes are built by Spark through
 * the JVM's default time zone and the hybrid Julian calendar (so that their fields print the same
 * date), which moves the epoch value they carry for dates before 1582 and, depending on the zone,
 * for times before 1900. Reading them with {@code getTime()} would make the published value depend
 * on the JVM's time zone; reading their local fields back ({@code toLocalDateTime()}) would make
 * the second of two repeated wall-clock hours (daylight saving's end) an hour early. So they are
 * read back with Spark's own inverse, {@code DateTimeUtils.fromJavaTimestamp} and {@code
 * fromJavaDate}, which undoes exactly what Spark did, and gives back the value Spark held whatever
 * the JVM's zone. The Spark session's time zone plays no part in any of this: it only affects how
 * Spark parses and prints local times.
 */
final class Temporals {
    private Temporals() {}

    /** The units of Avro's {@code timestamp-*} and {@code local-timestamp-*} logical types. */
    enum Unit {
        MILLIS,
        MICROS,
        NANOS;

        static Unit of(String logicalType) {
            if (logicalType.endsWith("-millis")) {
                return MILLIS;
            }
            return logicalType.endsWith("-micros") ? MICROS : NANOS;
        }

        /**
         * Spark's microseconds in this unit. Millis are floored (toward the past, as Spark's own
         * {@code to_avro} does): -1 µs is -1 ms, not 0. Nanos are exact or out of range: a long of
         * nanoseconds ends in 1677 and 2262.
         */
        long fromMicros(long micros, Object value) {
            return switch (this) {
                case MILLIS -> Math.floorDiv(micros, 1_000L);
                case MICROS -> micros;
                case NANOS -> {
                    try {
                        yield Math.multiplyExact(micros, 1_000L);
                    } catch (ArithmeticException e) {
                        throw nanosOutOfRange(value);
                    }
                }
            };
        }

        /** An instant parsed from text in this unit; finer digits are floored as above. */
        long fromInstant(Instant instant, Object value) {
            try {
                return switch (this) {
                    case MILLIS -> instant.toEpochMilli();
                    case MICROS -> DateTimeUtils.instantToMicros(instant);
                    case NANOS ->
                            Math.addExact(
                                    Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L),
                                    instant.getNano());
                };
            } catch (ArithmeticException e) {
                throw this == NANOS
                        ? nanosOutOfRange(value)
                        : new ValueRejection(
                                RejectReason.OUT_OF_RANGE,
                                value,
                                "is outside the range of a long of " + name().toLowerCase(),
                                "fix the value in the source");
            }
        }
    }

    /**
     * A {@code timestamp} column's value ({@link Timestamp} or {@link Instant}) in microseconds.
     */
    static long instantMicros(Object value) {
        if (value instanceof Timestamp timestamp) {
            return DateTimeUtils.fromJavaTimestamp(timestamp);
        }
        return DateTimeUtils.instantToMicros((Instant) value);
    }

    /** A {@code timestamp_ntz} column's value, a {@link LocalDateTime}, in microseconds. */
    static long localMicros(Object value) {
        return DateTimeUtils.localDateTimeToMicros((LocalDateTime) value);
    }

    /**
     * A {@code date} column's value ({@link Date} or {@link LocalDate}) in days since 1970-01-01.
     */
    static int days(Object value) {
        if (value instanceof Date date) {
            return DateTimeUtils.fromJavaDate(date);
        }
        return DateTimeUtils.localDateToDays((LocalDate) value);
    }

    /**
     * Text with a zone offset or {@code Z} ({@code 2021-03-28T01:30:00Z}, {@code
     * 2021-03-28T03:30:00+02:00}) as an instant. Text without one is rejected: which instant {@code
     * 2021-10-31T02:30:00} means depends on a time zone, and in Europe/Berlin it is two.
     */
    static Instant textToInstant(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            if (parsesAsLocal(text)) {
                throw new ValueRejection(
                        RejectReason.TEXT_WITHOUT_OFFSET,
                        text,
                        "has no zone offset, so the instant it names depends on a time zone",
                        "write it with Z or an offset (2024-06-30T12:00:00Z), convert it in the"
                                + " source with to_utc_timestamp(col, '<zone>'), or make the"
                                + " contract field a local-timestamp-*");
            }
            throw new ValueRejection(
                    RejectReason.UNPARSEABLE_TEXT,
                    text,
                    "is not an ISO-8601 instant like 2024-06-30T12:00:00Z",
                    "fix the value in the source");
        }
    }

    /**
     * Text without an offset ({@code 2024-06-30T12:00:00.123456}) as the instant with the same
     * clock at UTC: Avro's {@code local-timestamp-*} counts from 1970-01-01T00:00:00 on the same
     * local clock, as Spark's {@code timestamp_ntz} does.
     */
    static Instant textToLocalTimestamp(String text) {
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ValueRejection(
                    RejectReason.UNPARSEABLE_TEXT,
                    text,
                    "is not an ISO-8601 local date-time like 2024-06-30T12:00:00",
                    "fix the value in the source");
        }
    }

    /** Text {@code yyyy-MM-dd} as days since 1970-01-01 (proleptic Gregorian, as Spark counts). */
    static int textToDays(String text) {
        try {
            return Math.toIntExact(LocalDate.parse(text).toEpochDay());
        } catch (DateTimeException | ArithmeticException e) {
            throw new ValueRejection(
                    RejectReason.UNPARSEABLE_TEXT,
                    text,
                    "is not an ISO-8601 date like 2024-06-30",
                    "fix the value in the source");
        }
    }

    private static boolean parsesAsLocal(String text) {
        try {
            LocalDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static ValueRejection nanosOutOfRange(Object value) {
        return new ValueRejection(
                RejectReason.OUT_OF_RANGE,
                value,
                "is outside what a long of nanoseconds holds (1677-09-21T00:12:43.145224192 to"
                        + " 2262-04-11T23:47:16.854775807)",
                "make the contract field timestamp-micros or local-timestamp-micros, or fix the"
                        + " value in the source");
    }
}
