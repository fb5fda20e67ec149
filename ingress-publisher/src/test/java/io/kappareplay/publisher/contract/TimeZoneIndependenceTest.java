package io.kappareplay.publisher.contract;

import static io.kappareplay.publisher.contract.SparkRows.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The published bytes do not depend on the JVM's default time zone: rows as Spark hands them in São
 * Paulo (local mean time -3:06:28 before 1914), Kolkata (+5:53:28) and Berlin coerce to the same
 * Avro bytes, which are also the bytes of a record written by hand from the expected numbers.
 */
class TimeZoneIndependenceTest {
    private static final Schema EVENT =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Event", "namespace": "test.kappa", "fields": [
                              {"name": "at_millis", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                              {"name": "at_micros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
                              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
                              {"name": "wall_clock", "type": {"type": "long", "logicalType": "local-timestamp-micros"}},
                              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 38, "scale": 18}}]}
                            """);

    private static final StructType EVENTS =
            new StructType()
                    .add("at_millis", DataTypes.TimestampType)
                    .add("at_micros", DataTypes.TimestampType)
                    .add("day", DataTypes.DateType)
                    .add("wall_clock", DataTypes.TimestampNTZType)
                    .add("amount", DataTypes.createDecimalType(38, 18));

    private static final List<String> ZONES =
            List.of("America/Sao_Paulo", "Asia/Kolkata", "Europe/Berlin");

    /** One microsecond after 0001-01-01T00:00:00Z (-62135596800 s): floored to the millisecond. */
    private static final long YEAR_ONE_MICROS = -62_135_596_799_999_999L;

    /** 2021-10-31T01:30:00.123456Z, the second 02:30 of that night in Berlin. */
    private static final long REPEATED_HOUR_MICROS = 1_635_643_800_123_456L;

    @Test
    void publishedBytesAreTheSameUnderEveryJvmTimeZone() {
        byte[] yearOne =
                written(
                        -62_135_596_800_000L,
                        YEAR_ONE_MICROS,
                        -719_162,
                        YEAR_ONE_MICROS,
                        "-99999999999999999999.999999999999999999");
        byte[] repeatedHour =
                written(
                        1_635_643_800_123L,
                        REPEATED_HOUR_MICROS,
                        18_931,
                        1_635_647_400_000_000L,
                        "12.500000000000000000");

        for (String zone : ZONES) {
            DefaultTimeZone.in(
                    zone,
                    () -> {
                        assertThat(
                                        hex(
                                                coerced(
                                                        legacyRow(
                                                                YEAR_ONE_MICROS,
                                                                -719_162,
                                                                "0001-01-01T00:00:00.000001",
                                                                "-99999999999999999999.999999999999999999"))))
                                .as("year one, java.sql values, JVM zone %s", zone)
                                .isEqualTo(hex(yearOne));
                        assertThat(
                                        hex(
                                                coerced(
                                                        java8Row(
                                                                "0001-01-01T00:00:00.000001Z",
                                                                "0001-01-01",
                                                                "0001-01-01T00:00:00.000001",
                                                                "-99999999999999999999.999999999999999999"))))
                                .as("year one, java.time values, JVM zone %s", zone)
                                .isEqualTo(hex(yearOne));
                        assertThat(
                                        hex(
                                                coerced(
                                                        legacyRow(
                                                                REPEATED_HOUR_MICROS,
                                                                18_931,
                                                                "2021-10-31T02:30:00",
                                                                "12.500000000000000000"))))
                                .as("repeated hour, java.sql values, JVM zone %s", zone)
                                .isEqualTo(hex(repeatedHour));
                        assertThat(
                                        hex(
                                                coerced(
                                                        java8Row(
                                                                "2021-10-31T01:30:00.123456Z",
                                                                "2021-10-31",
                                                                "2021-10-31T02:30:00",
                                                                "12.500000000000000000"))))
                                .as("repeated hour, java.time values, JVM zone %s", zone)
                                .isEqualTo(hex(repeatedHour));
                        return null;
                    });
        }
    }

    /** A row as Spark builds it with spark.sql.datetime.java8API.enabled=false (the default). */
    private static Row legacyRow(long micros, int days, String wallClock, String amount) {
        return row(
                DateTimeUtils.toJavaTimestamp(micros),
                DateTimeUtils.toJavaTimestamp(micros),
                DateTimeUtils.toJavaDate(days),
                LocalDateTime.parse(wallClock),
                new BigDecimal(amount));
    }

    /** A row as Spark builds it with spark.sql.datetime.java8API.enabled=true. */
    private static Row java8Row(String instant, String day, String wallClock, String amount) {
        return row(
                Instant.parse(instant),
                Instant.parse(instant),
                LocalDate.parse(day),
                LocalDateTime.parse(wallClock),
                new BigDecimal(amount));
    }

    private static byte[] coerced(Row row) {
        RowCoercion coercion =
                ContractBinding.bind(EVENTS, "at_micros", Map.of(), EVENT).coercer().coerce(row);
        assertThat(coercion).isInstanceOf(RowCoercion.Accepted.class);
        return binary(((RowCoercion.Accepted) coercion).record());
    }

    /** The record written from the expected numbers, with Avro's own decimal conversion. */
    private static byte[] written(
            long millis, long micros, int days, long wallClock, String amount) {
        Schema amountSchema = EVENT.getField("amount").schema();
        return binary(
                new GenericRecordBuilder(EVENT)
                        .set("at_millis", millis)
                        .set("at_micros", micros)
                        .set("day", days)
                        .set("wall_clock", wallClock)
                        .set(
                                "amount",
                                new Conversions.DecimalConversion()
                                        .toBytes(
                                                new BigDecimal(amount),
                                                amountSchema,
                                                amountSchema.getLogicalType()))
                        .build());
    }

    private static byte[] binary(GenericData.Record record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericData.Record>(EVENT).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
