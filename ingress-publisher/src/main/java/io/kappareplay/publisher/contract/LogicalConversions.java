package io.kappareplay.publisher.contract;

import java.math.BigDecimal;
import org.apache.avro.Schema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Plans the conversion of a column into a field of a logical type: decimals, dates, timestamps and
 * UUIDs. The logical type decides, not the Avro type under it: a {@code timestamp-millis} long
 * takes a Spark timestamp and not a Spark long, since a number does not say its unit.
 */
final class LogicalConversions {
    private final PlanFindings findings;

    LogicalConversions(PlanFindings findings) {
        this.findings = findings;
    }

    /**
     * The converter of non-null values of {@code type} into {@code schema}, whose logical type is
     * {@code logical}; null, with its finding, when there is none.
     */
    ValueConverter plan(ConversionSite site, DataType type, Schema schema, String logical) {
        boolean text = type instanceof StringType;
        switch (logical) {
            case "decimal":
                return decimal(site, type, schema);
            case "date":
                if (type instanceof DateType) {
                    return Temporals::days;
                }
                if (text) {
                    return findings.parsed(
                            site,
                            "ISO-8601 dates like 2024-06-30",
                            value -> Temporals.textToDays((String) value));
                }
                break;
            case "timestamp-millis", "timestamp-micros", "timestamp-nanos":
                {
                    Temporals.Unit unit = Temporals.Unit.of(logical);
                    if (type instanceof TimestampType) {
                        return timestamp(
                                site,
                                unit,
                                value -> unit.fromMicros(Temporals.instantMicros(value), value));
                    }
                    if (text) {
                        return findings.parsed(
                                site,
                                "ISO-8601 instants with Z or an offset (2024-06-30T12:00:00Z);"
                                        + " text without an offset is rejected"
                                        + floorNote(unit),
                                value ->
                                        unit.fromInstant(
                                                Temporals.textToInstant((String) value), value));
                    }
                    break;
                }
            case "local-timestamp-millis", "local-timestamp-micros", "local-timestamp-nanos":
                {
                    Temporals.Unit unit = Temporals.Unit.of(logical);
                    if (type instanceof TimestampNTZType) {
                        return timestamp(
                                site,
                                unit,
                                value -> unit.fromMicros(Temporals.localMicros(value), value));
                    }
                    if (text) {
                        return findings.parsed(
                                site,
                                "ISO-8601 local date-times like 2024-06-30T12:00:00"
                                        + floorNote(unit),
                                value ->
                                        unit.fromInstant(
                                                Temporals.textToLocalTimestamp((String) value),
                                                value));
                    }
                    break;
                }
            case "uuid":
                if (schema.getType() == Schema.Type.STRING) {
                    if (text) {
                        return findings.parsed(
                                site,
                                "UUIDs like 123e4567-e89b-12d3-a456-426614174000",
                                LogicalConversions::uuid);
                    }
                    break;
                }
                return findings.unsupported(site, logical);
            default:
                return findings.unsupported(site, logical);
        }
        return findings.mismatch(site, schema);
    }

    /** {@code schema} is the decimal itself, not the union a nullable field wraps it in. */
    private ValueConverter decimal(ConversionSite site, DataType type, Schema schema) {
        DecimalField decimal = new DecimalField(schema);
        int integerDigits = decimal.precision() - decimal.scale();
        if (type instanceof DecimalType column) {
            ValueConverter converter = value -> decimal.encode((BigDecimal) value, value);
            boolean exact =
                    column.scale() <= decimal.scale()
                            && column.precision() - column.scale() <= integerDigits;
            return exact
                    ? converter
                    : findings.lossy(
                            site,
                            "values with more than "
                                    + decimal.scale()
                                    + " decimal places or more than "
                                    + integerDigits
                                    + " integer digits are rejected, never rounded",
                            converter);
        }
        int digits = SparkTypes.integralDigits(type);
        if (digits > 0) {
            ValueConverter converter =
                    value ->
                            decimal.encode(BigDecimal.valueOf(((Number) value).longValue()), value);
            return digits <= integerDigits
                    ? converter
                    : findings.lossy(
                            site,
                            "values with more than " + integerDigits + " digits are rejected",
                            converter);
        }
        if (type instanceof StringType) {
            return findings.parsed(
                    site,
                    "decimal numbers; more than "
                            + decimal.scale()
                            + " decimal places or "
                            + integerDigits
                            + " integer digits are rejected, never rounded",
                    value -> decimal.encode(Numbers.textToDecimal((String) value), value));
        }
        return findings.mismatch(site, schema);
    }

    private ValueConverter timestamp(
            ConversionSite site, Temporals.Unit unit, ValueConverter converter) {
        return switch (unit) {
            case MILLIS ->
                    findings.truncated(
                            site,
                            "Spark keeps microseconds and the field milliseconds: the"
                                    + " sub-millisecond part is floored, toward the past"
                                    + " (1969-12-31T23:59:59.999999 becomes -1 ms)",
                            converter);
            case MICROS -> converter;
            case NANOS ->
                    findings.lossy(
                            site,
                            "values before 1677-09-21 or after 2262-04-11 do not fit a long of"
                                    + " nanoseconds and are rejected",
                            converter);
        };
    }

    private static Object uuid(Object value) {
        if (!AvroTypes.isUuid((String) value)) {
            throw new ValueRejection(
                    RejectReason.UNPARSEABLE_TEXT,
                    value,
                    "is not a UUID like 123e4567-e89b-12d3-a456-426614174000",
                    "fix the value in the source, or make the contract field a plain string");
        }
        return value;
    }

    private static String floorNote(Temporals.Unit unit) {
        return switch (unit) {
            case MILLIS -> "; digits below a millisecond are floored";
            case MICROS -> "; digits below a microsecond are floored";
            case NANOS -> "";
        };
    }
}
