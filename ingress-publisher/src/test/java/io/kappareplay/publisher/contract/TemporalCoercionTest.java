package io.kappareplay.publisher.contract;

import static io.kappareplay.publisher.contract.OneField.accepted;
import static io.kappareplay.publisher.contract.OneField.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Timestamps and dates against numbers worked out by hand (epoch seconds from the calendar, not
 * from the code under test). Legacy {@code java.sql} values are built the way Spark builds them for
 * a {@code Row} ({@code DateTimeUtils.toJavaTimestamp}, {@code toJavaDate}) under the JVM default
 * zone of the case.
 */
class TemporalCoercionTest {
    private static final String MILLIS =
            "{\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}";
    private static final String MICROS =
            "{\"type\": \"long\", \"logicalType\": \"timestamp-micros\"}";
    private static final String NANOS =
            "{\"type\": \"long\", \"logicalType\": \"timestamp-nanos\"}";
    private static final String LOCAL_MILLIS =
            "{\"type\": \"long\", \"logicalType\": \"local-timestamp-millis\"}";
    private static final String LOCAL_MICROS =
            "{\"type\": \"long\", \"logicalType\": \"local-timestamp-micros\"}";
    private static final String DATE = "{\"type\": \"int\", \"logicalType\": \"date\"}";

    private static final List<String> ZONES =
            List.of("UTC", "Europe/Berlin", "America/Sao_Paulo", "Asia/Kolkata");

    /**
     * 2021-03-28T01:30:00Z: 18714 days after 1970-01-01 (51 years with 13 leap days to 2021, then
     * 31 + 28 + 27 days) is 1616889600 s, plus 5400 s. In Berlin the clock jumps from 02:00 to
     * 03:00 at 01:00Z, so this is 03:30 CEST, half an hour after the jump.
     */
    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Europe/Berlin", "America/Sao_Paulo", "Asia/Kolkata"})
    void timestampInsideTheStartOfDaylightSavingTime(String jvmZone) {
        Instant instant = Instant.parse("2021-03-28T01:30:00Z");
        DefaultTimeZone.in(
                jvmZone,
                () -> {
                    Timestamp legacy = DateTimeUtils.toJavaTimestamp(1_616_895_000_000_000L);
                    assertThat(accepted(DataTypes.TimestampType, MILLIS, instant))
                            .isEqualTo(1_616_895_000_000L);
                    assertThat(accepted(DataTypes.TimestampType, MILLIS, legacy))
                            .isEqualTo(1_616_895_000_000L);
                    assertThat(accepted(DataTypes.TimestampType, MICROS, instant))
                            .isEqualTo(1_616_895_000_000_000L);
                    assertThat(accepted(DataTypes.TimestampType, MICROS, legacy))
                            .isEqualTo(1_616_895_000_000_000L);
                    assertThat(accepted(DataTypes.TimestampType, NANOS, instant))
                            .isEqualTo(1_616_895_000_000_000_000L);
                    return null;
                });
    }

    /**
     * 2021-10-31 in Berlin: the clock goes back from 03:00 CEST to 02:00 CET at 01:00Z, so 02:30
     * happens twice, at 00:30Z (1635640200 s) and at 01:30Z (1635643800 s). Both {@code Timestamp}s
     * print the same local time; reading them back through it would publish the first instant
     * twice.
     */
    @Test
    void repeatedWallClockHourKeepsBothInstants() {
        DefaultTimeZone.in(
                "Europe/Berlin",
                () -> {
                    Timestamp first = Timestamp.from(Instant.parse("2021-10-31T00:30:00Z"));
                    Timestamp second = Timestamp.from(Instant.parse("2021-10-31T01:30:00Z"));
                    assertThat(first.toLocalDateTime()).isEqualTo(second.toLocalDateTime());

                    assertThat(accepted(DataTypes.TimestampType, MILLIS, first))
                            .isEqualTo(1_635_640_200_000L);
                    assertThat(accepted(DataTypes.TimestampType, MILLIS, second))
                            .isEqualTo(1_635_643_800_000L);
                    return null;
                });
    }

    /**
     * A wall-clock time without a zone fills local-timestamp-* as the same clock at UTC
     * (2021-10-31T02:30 is 1635638400 s + 9000 s), whatever the JVM zone; text for an instant must
     * say its offset, because in Berlin that clock names two instants.
     */
    @Test
    void wallClockTimeIsNeverGivenAZone() {
        LocalDateTime ambiguous = LocalDateTime.parse("2021-10-31T02:30:00");
        for (String zone : ZONES) {
            DefaultTimeZone.in(
                    zone,
                    () -> {
                        assertThat(accepted(DataTypes.TimestampNTZType, LOCAL_MILLIS, ambiguous))
                                .isEqualTo(1_635_647_400_000L);
                        assertThat(accepted(DataTypes.TimestampNTZType, LOCAL_MICROS, ambiguous))
                                .isEqualTo(1_635_647_400_000_000L);
                        assertThat(
                                        accepted(
                                                DataTypes.StringType,
                                                LOCAL_MILLIS,
                                                "2021-10-31T02:30:00"))
                                .isEqualTo(1_635_647_400_000L);
                        return null;
                    });
        }

        FieldReject reject = rejected(DataTypes.StringType, MILLIS, "2021-10-31T02:30:00");
        assertThat(reject.reason()).isEqualTo(RejectReason.TEXT_WITHOUT_OFFSET);
        assertThat(reject.value()).contains("2021-10-31T02:30:00");
        assertThat(reject.fix()).contains("to_utc_timestamp");

        assertThat(accepted(DataTypes.StringType, MILLIS, "2021-10-31T02:30:00+01:00"))
                .isEqualTo(1_635_643_800_000L);
        assertThat(accepted(DataTypes.StringType, MILLIS, "2021-10-31T02:30:00+02:00"))
                .isEqualTo(1_635_640_200_000L);
    }

    /**
     * Before 1970 epoch values are negative, and milliseconds are floored toward the past, as
     * Spark's to_avro does: 1969-12-31T23:59:59.999999Z is -1 µs and -1 ms (truncation would give
     * 0). 1960-01-01 is 3653 days (10 years, 3 leap days) before 1970: -315619200 s; half a
     * millisecond later is -315619199999500 µs, floored to -315619200000 ms, not -315619199999.
     */
    @Test
    void timestampsBefore1970FloorToTheMillisecond() {
        for (String zone : ZONES) {
            DefaultTimeZone.in(
                    zone,
                    () -> {
                        Instant lastMicro = Instant.parse("1969-12-31T23:59:59.999999Z");
                        assertThat(accepted(DataTypes.TimestampType, MICROS, lastMicro))
                                .isEqualTo(-1L);
                        assertThat(accepted(DataTypes.TimestampType, MILLIS, lastMicro))
                                .isEqualTo(-1L);
                        assertThat(
                                        accepted(
                                                DataTypes.TimestampType,
                                                MILLIS,
                                                DateTimeUtils.toJavaTimestamp(-1L)))
                                .isEqualTo(-1L);

                        Instant halfMilli = Instant.parse("1960-01-01T00:00:00.000500Z");
                        assertThat(accepted(DataTypes.TimestampType, MICROS, halfMilli))
                                .isEqualTo(-315_619_199_999_500L);
                        assertThat(accepted(DataTypes.TimestampType, MILLIS, halfMilli))
                                .isEqualTo(-315_619_200_000L);
                        assertThat(
                                        accepted(
                                                DataTypes.StringType,
                                                MILLIS,
                                                "1960-01-01T00:00:00.000500Z"))
                                .isEqualTo(-315_619_200_000L);
                        return null;
                    });
        }
    }

    /**
     * Year 1 and 1900, where Spark's {@code java.sql.Timestamp} carries another epoch value than
     * the instant (hybrid calendar, local mean time of the JVM zone): 0001-01-01T00:00:00Z is
     * -62135596800 s, 1900-01-01T00:00:00Z is -2208988800 s.
     */
    @Test
    void ancientTimestampsAsSparkHandsThem() {
        for (String zone : List.of("America/Sao_Paulo", "Asia/Kolkata")) {
            DefaultTimeZone.in(
                    zone,
                    () -> {
                        Timestamp yearOne = DateTimeUtils.toJavaTimestamp(-62_135_596_800_000_000L);
                        assertThat(yearOne.getTime()).isNotEqualTo(-62_135_596_800_000L);
                        assertThat(accepted(DataTypes.TimestampType, MICROS, yearOne))
                                .isEqualTo(-62_135_596_800_000_000L);
                        assertThat(accepted(DataTypes.TimestampType, MILLIS, yearOne))
                                .isEqualTo(-62_135_596_800_000L);

                        Timestamp year1900 = DateTimeUtils.toJavaTimestamp(-2_208_988_800_000_000L);
                        assertThat(accepted(DataTypes.TimestampType, MICROS, year1900))
                                .isEqualTo(-2_208_988_800_000_000L);
                        return null;
                    });
        }
        assertThat(accepted(DataTypes.TimestampType, MICROS, Instant.parse("0001-01-01T00:00:00Z")))
                .isEqualTo(-62_135_596_800_000_000L);
    }

    /** A long of nanoseconds ends in 2262: later instants are rejected, not wrapped around. */
    @Test
    void nanosecondsOutsideTheirRangeAreRejected() {
        FieldReject reject =
                rejected(DataTypes.TimestampType, NANOS, Instant.parse("2300-01-01T00:00:00Z"));
        assertThat(reject.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(reject.value()).contains("2300-01-01T00:00:00Z");
        assertThat(reject.fix()).contains("timestamp-micros");
    }

    /**
     * Days since 1970-01-01 in the proleptic Gregorian calendar, as Spark 3+ counts them:
     * 0001-01-01 is -719162; 1582-10-04 (the last Julian day in Rome, but proleptic here) is
     * -141438 and 1582-10-15 is -141427; 2024-02-29 is 19782; 9999-12-31 is 2932896.
     */
    @Test
    void datesFarInThePastAndFuture() {
        for (String zone : ZONES) {
            DefaultTimeZone.in(
                    zone,
                    () -> {
                        assertThat(accepted(DataTypes.DateType, DATE, LocalDate.of(1, 1, 1)))
                                .isEqualTo(-719_162);
                        assertThat(
                                        accepted(
                                                DataTypes.DateType,
                                                DATE,
                                                Date.valueOf(LocalDate.of(1, 1, 1))))
                                .isEqualTo(-719_162);
                        assertThat(
                                        accepted(
                                                DataTypes.DateType,
                                                DATE,
                                                DateTimeUtils.toJavaDate(-719_162)))
                                .isEqualTo(-719_162);
                        assertThat(accepted(DataTypes.DateType, DATE, LocalDate.of(1582, 10, 4)))
                                .isEqualTo(-141_438);
                        assertThat(
                                        accepted(
                                                DataTypes.DateType,
                                                DATE,
                                                DateTimeUtils.toJavaDate(-141_438)))
                                .isEqualTo(-141_438);
                        assertThat(accepted(DataTypes.DateType, DATE, LocalDate.of(1582, 10, 15)))
                                .isEqualTo(-141_427);
                        assertThat(accepted(DataTypes.DateType, DATE, LocalDate.of(2024, 2, 29)))
                                .isEqualTo(19_782);
                        assertThat(accepted(DataTypes.DateType, DATE, LocalDate.of(9999, 12, 31)))
                                .isEqualTo(2_932_896);
                        assertThat(accepted(DataTypes.StringType, DATE, "0001-01-01"))
                                .isEqualTo(-719_162);
                        return null;
                    });
        }
        FieldReject reject = rejected(DataTypes.StringType, DATE, "30.06.2024");
        assertThat(reject.reason()).isEqualTo(RejectReason.UNPARSEABLE_TEXT);
        assertThat(reject.message())
                .isEqualTo(
                        "v: '30.06.2024' is not an ISO-8601 date like 2024-06-30; fix the value in"
                                + " the source");
    }
}
