package io.kappareplay.publisher.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows as a real Spark session hands them over, from Parquet and CSV files: under two JVM default
 * time zones, two session time zones and both of Spark's date-time APIs, the coerced records are
 * the same bytes as records written by hand from the expected numbers.
 */
class CoercionUnderSparkIT {
    private static final Schema EVENT =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Event", "namespace": "test.kappa", "fields": [
                              {"name": "id", "type": "string"},
                              {"name": "at_millis", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                              {"name": "at_micros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
                              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
                              {"name": "wall_clock", "type": {"type": "long", "logicalType": "local-timestamp-micros"}},
                              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 38, "scale": 18}}]}
                            """);

    private static final StructType EVENTS =
            new StructType()
                    .add("id", DataTypes.StringType, false)
                    .add("at", DataTypes.TimestampType, false)
                    .add("at_again", DataTypes.TimestampType, false)
                    .add("day", DataTypes.DateType, false)
                    .add("wall_clock", DataTypes.TimestampNTZType, false)
                    .add("amount", DataTypes.createDecimalType(38, 18), false);

    private static final Map<String, String> MAPPING =
            Map.of("at", "at_millis", "at_again", "at_micros");

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark =
                SparkSession.builder()
                        .master("local[2]")
                        .appName("CoercionUnderSparkIT")
                        .config("spark.sql.shuffle.partitions", "2")
                        .config("spark.sql.session.timeZone", "UTC")
                        // Year 1 must reach the file as it is, not rebased to the Julian calendar.
                        .config("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED")
                        .config("spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED")
                        .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void parquetRowsGiveTheSameBytesUnderEveryZoneAndApi(@TempDir Path directory) {
        String path = directory.resolve("events").toString();
        spark.conf().set("spark.sql.datetime.java8API.enabled", "true");
        spark.createDataFrame(
                        List.of(
                                event(
                                        "a",
                                        "0001-01-01T00:00:00.000001Z",
                                        "0001-01-01",
                                        "0001-01-01T00:00:00.000001",
                                        "-99999999999999999999.999999999999999999"),
                                event(
                                        "b",
                                        "2021-10-31T01:30:00.123456Z",
                                        "2021-10-31",
                                        "2021-10-31T02:30:00",
                                        "12.5"),
                                event(
                                        "c",
                                        "1969-12-31T23:59:59.999999Z",
                                        "1969-12-31",
                                        "1969-12-31T23:59:59.999999",
                                        "0")),
                        EVENTS)
                .write()
                .parquet(path);

        // By hand: year 1 starts at -62135596800 s (0001-01-01 is day -719162); the second 02:30
        // of 2021-10-31 in Berlin is 01:30Z, 1635643800 s (day 18931), and its wall clock at UTC
        // 1635647400 s; 1 µs before 1970 floors to -1 ms.
        List<String> expected =
                List.of(
                        hex(
                                written(
                                        "a",
                                        -62_135_596_800_000L,
                                        -62_135_596_799_999_999L,
                                        -719_162,
                                        -62_135_596_799_999_999L,
                                        "-99999999999999999999.999999999999999999")),
                        hex(
                                written(
                                        "b",
                                        1_635_643_800_123L,
                                        1_635_643_800_123_456L,
                                        18_931,
                                        1_635_647_400_000_000L,
                                        "12.5")),
                        hex(written("c", -1L, -1L, -1, -1L, "0")));

        Set<Class<?>> timestampClasses = new HashSet<>();
        for (String jvmZone : List.of("America/Sao_Paulo", "Asia/Kolkata")) {
            for (String sessionZone : List.of("UTC", "Europe/Berlin")) {
                for (String java8Api : List.of("false", "true")) {
                    List<String> actual =
                            DefaultTimeZone.in(
                                    jvmZone,
                                    () -> {
                                        spark.conf().set("spark.sql.session.timeZone", sessionZone);
                                        spark.conf()
                                                .set(
                                                        "spark.sql.datetime.java8API.enabled",
                                                        java8Api);
                                        Dataset<Row> events = spark.read().parquet(path);
                                        timestampClasses.add(events.first().get(1).getClass());
                                        return coercedInOrder(events);
                                    });
                    assertThat(actual)
                            .as(
                                    "JVM zone %s, session zone %s, java8API %s",
                                    jvmZone, sessionZone, java8Api)
                            .isEqualTo(expected);
                }
            }
        }
        assertThat(timestampClasses).containsExactlyInAnyOrder(Timestamp.class, Instant.class);
    }

    /** A CSV source is all text: every value is parsed, and the rows that do not parse say why. */
    @Test
    void csvRowsAreParsedOrRejectedWithReasons(@TempDir Path directory) throws IOException {
        Path csv = directory.resolve("orders.csv");
        Files.writeString(
                csv,
                """
                id,qty,price,at
                a,1,12.50,2021-03-28T01:30:00Z
                b,x,1.00,2021-03-28T01:30:00Z
                c,2,1.005,2021-03-28T01:30:00
                d,,1.00,2021-03-28T03:30:00+02:00
                """);
        Schema order =
                new Schema.Parser()
                        .parse(
                                """
                                {"type": "record", "name": "Order", "namespace": "test.kappa", "fields": [
                                  {"name": "id", "type": "string"},
                                  {"name": "qty", "type": "int"},
                                  {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
                                  {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}
                                """);
        Dataset<Row> orders =
                spark.read().option("header", "true").csv(csv.toString()).orderBy("id");

        ContractBinding binding = ContractBinding.bind(orders.schema(), "id", Map.of(), order);
        assertThat(binding.report().verdict()).isEqualTo(Verdict.PROCEED);
        assertThat(binding.report().findings(Severity.WARNING))
                .extracting(Finding::kind)
                .containsOnly(FindingKind.PARSED_FROM_TEXT, FindingKind.NULLS_REJECTED);
        RowCoercer coercer = binding.coercer();
        List<RowCoercion> coerced = orders.collectAsList().stream().map(coercer::coerce).toList();

        GenericData.Record a = ((RowCoercion.Accepted) coerced.get(0)).record();
        assertThat(a.get("qty")).isEqualTo(1);
        assertThat(a.get("at")).isEqualTo(1_616_895_000_000L);
        assertThat(((RowCoercion.Rejected) coerced.get(1)).rejects())
                .extracting(FieldReject::field, FieldReject::reason, FieldReject::value)
                .containsExactly(tuple("qty", RejectReason.UNPARSEABLE_TEXT, Optional.of("x")));
        assertThat(((RowCoercion.Rejected) coerced.get(2)).rejects())
                .extracting(FieldReject::field, FieldReject::reason, FieldReject::value)
                .containsExactly(
                        tuple("price", RejectReason.SCALE_EXCEEDED, Optional.of("1.005")),
                        tuple(
                                "at",
                                RejectReason.TEXT_WITHOUT_OFFSET,
                                Optional.of("2021-03-28T01:30:00")));
        assertThat(((RowCoercion.Rejected) coerced.get(3)).rejects())
                .extracting(FieldReject::field, FieldReject::reason, FieldReject::value)
                .containsExactly(
                        tuple("qty", RejectReason.NULL_IN_REQUIRED_FIELD, Optional.empty()));
    }

    private static Row event(String id, String at, String day, String wallClock, String amount) {
        return RowFactory.create(
                id,
                Instant.parse(at),
                Instant.parse(at),
                LocalDate.parse(day),
                LocalDateTime.parse(wallClock),
                new BigDecimal(amount).setScale(18));
    }

    private static List<String> coercedInOrder(Dataset<Row> events) {
        Dataset<Row> ordered = events.orderBy("id");
        RowCoercer coercer = ContractBinding.bind(ordered.schema(), "id", MAPPING, EVENT).coercer();
        List<String> bytes = new ArrayList<>();
        for (Row row : ordered.collectAsList()) {
            RowCoercion coercion = coercer.coerce(row);
            assertThat(coercion).isInstanceOf(RowCoercion.Accepted.class);
            bytes.add(hex(binary(((RowCoercion.Accepted) coercion).record())));
        }
        return bytes;
    }

    private static GenericData.Record written(
            String id, long millis, long micros, int days, long wallClock, String amount) {
        Schema amountSchema = EVENT.getField("amount").schema();
        return new GenericRecordBuilder(EVENT)
                .set("id", id)
                .set("at_millis", millis)
                .set("at_micros", micros)
                .set("day", days)
                .set("wall_clock", wallClock)
                .set(
                        "amount",
                        new Conversions.DecimalConversion()
                                .toBytes(
                                        new BigDecimal(amount).setScale(18),
                                        amountSchema,
                                        amountSchema.getLogicalType()))
                .build();
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

    private static String hex(GenericData.Record record) {
        return hex(binary(record));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
