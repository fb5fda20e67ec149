package io.kappareplay.publisher.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The details of the findings that look at both schemas to say what to do. The nearest fix (a cast,
 * an {@code ingress.column-mapping} entry, a default, the column whose name differs only in case)
 * is worked out from the names and types at hand, so that the report names it rather than a rule
 * for the user to look up.
 */
final class FindingDetails {
    /** Column names listed in a hint before it is cut. */
    private static final int MAX_LISTED_COLUMNS = 20;

    private FindingDetails() {}

    /** Why no value of {@code type} fills {@code schema}, and the conversion to make instead. */
    static String mismatch(DataType type, Schema schema) {
        String logical = schema.getLogicalType() == null ? "" : schema.getLogicalType().getName();
        String cannot =
                "values of type "
                        + type.simpleString()
                        + " cannot fill a field of type "
                        + AvroTypes.describe(schema)
                        + "; ";
        if (type instanceof TimestampNTZType && logical.startsWith("timestamp-")) {
            return cannot
                    + "timestamp_ntz is a wall-clock time without a zone: convert it in the source"
                    + " with to_utc_timestamp(col, '<zone>'), or make the field local-"
                    + logical;
        }
        if (type instanceof TimestampType && logical.startsWith("local-timestamp-")) {
            return cannot
                    + "a timestamp is an instant, and which wall-clock time it shows depends on a"
                    + " zone: make the field "
                    + logical.substring("local-".length())
                    + ", or convert it in the source to a timestamp_ntz of the zone you mean";
        }
        if (type instanceof DateType && logical.contains("timestamp-")) {
            return cannot
                    + "a date has no time of day: make the field date, or build the timestamp in"
                    + " the source";
        }
        if (type instanceof TimestampType && logical.equals("date")) {
            return cannot
                    + "the day an instant falls on depends on a zone: convert it in the source"
                    + " with to_date(from_utc_timestamp(col, '<zone>'))";
        }
        if (SparkTypes.integralDigits(type) > 0
                && (logical.contains("timestamp-") || logical.equals("date"))) {
            return cannot
                    + "a number does not say its unit: convert it in the source with"
                    + " timestamp_millis(col), timestamp_micros(col) or date_from_unix_date(col)";
        }
        return cannot
                + sparkTypeFor(schema)
                        .map(t -> "cast the column in the source (CAST(col AS " + t + "))")
                        .orElse("change the column in the source")
                + " or change the contract field's type";
    }

    /** The Spark SQL type whose values fill {@code schema} exactly, for a cast in a hint. */
    private static Optional<String> sparkTypeFor(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical != null) {
            String name = logical.getName();
            if (name.equals("decimal")) {
                return Optional.of(new DecimalField(schema).toString().toUpperCase());
            }
            if (name.equals("date")) {
                return Optional.of("DATE");
            }
            if (name.startsWith("timestamp-")) {
                return Optional.of("TIMESTAMP");
            }
            if (name.startsWith("local-timestamp-")) {
                return Optional.of("TIMESTAMP_NTZ");
            }
            return Optional.empty();
        }
        return switch (schema.getType()) {
            case BOOLEAN -> Optional.of("BOOLEAN");
            case INT -> Optional.of("INT");
            case LONG -> Optional.of("BIGINT");
            case FLOAT -> Optional.of("FLOAT");
            case DOUBLE -> Optional.of("DOUBLE");
            case STRING, ENUM -> Optional.of("STRING");
            case BYTES, FIXED -> Optional.of("BINARY");
            default -> Optional.empty();
        };
    }

    /** Why no column fills {@code field}, which has no default, and how to fill it. */
    static String missing(
            Schema.Field field, String columnPrefix, StructField[] columns, boolean topLevel) {
        StringBuilder detail = new StringBuilder("no column fills it and it has no default");
        Optional<String> sameButCase =
                Arrays.stream(columns)
                        .map(StructField::name)
                        .filter(c -> c.equalsIgnoreCase(field.name()))
                        .findFirst();
        if (topLevel) {
            sameButCase.ifPresentOrElse(
                    c ->
                            detail.append("; column ")
                                    .append(c)
                                    .append(" differs only in case: map it with")
                                    .append(" ingress.column-mapping.")
                                    .append(c)
                                    .append(": ")
                                    .append(field.name()),
                    () ->
                            detail.append("; map a column to it with ingress.column-mapping.")
                                    .append("<column>: ")
                                    .append(field.name()));
        } else {
            String struct = columnPrefix.substring(0, columnPrefix.length() - 1);
            sameButCase.ifPresentOrElse(
                    c ->
                            detail.append("; struct field ")
                                    .append(columnPrefix)
                                    .append(c)
                                    .append(" differs only in case: rename it in the source"),
                    () -> detail.append("; add it to the struct column ").append(struct));
        }
        boolean takesNull =
                field.schema().getType() == Schema.Type.UNION
                        && field.schema().getTypes().stream()
                                .anyMatch(s -> s.getType() == Schema.Type.NULL);
        if (takesNull) {
            detail.append(
                    ". The field takes null, but a missing column is more often a misspelt name"
                            + " than a wish for null: to publish null, declare \"default\": null"
                            + " in the contract");
        } else {
            detail.append(", or give the field a default in the contract");
        }
        return detail.toString();
    }

    /** Why {@code column}, which is to fill {@code field}, fills nothing in {@code record}. */
    static String unmapped(
            String column,
            String field,
            Map<String, String> mapping,
            Schema record,
            boolean topLevel) {
        if (mapping.containsKey(column)) {
            return "ingress.column-mapping sends it to field "
                    + field
                    + ", which the contract does not have; it is not published; fix the mapping";
        }
        String detail =
                "the contract record "
                        + record.getFullName()
                        + " has no field of this name; it is not published";
        Optional<String> sameButCase =
                record.getFields().stream()
                        .map(Schema.Field::name)
                        .filter(f -> f.equalsIgnoreCase(column))
                        .findFirst();
        if (sameButCase.isPresent() && topLevel) {
            return detail
                    + "; field "
                    + sameButCase.get()
                    + " differs only in case: map it with ingress.column-mapping."
                    + column
                    + ": "
                    + sameButCase.get();
        }
        return detail;
    }

    /** The default of {@code field} as the report shows it; JSON null as {@code null}. */
    static String defaultText(Schema.Field field) {
        Object value = field.defaultVal();
        return value == JsonProperties.NULL_VALUE ? "null" : String.valueOf(value);
    }

    /** The column {@code name} is likely meant to be, or else the columns there are. */
    static String hint(String name, List<String> columns) {
        return columns.stream()
                .filter(c -> c.equalsIgnoreCase(name))
                .findFirst()
                .map(c -> "; did you mean " + c + "?")
                .orElseGet(
                        () ->
                                "; its columns: "
                                        + columns.stream()
                                                .limit(MAX_LISTED_COLUMNS)
                                                .collect(Collectors.joining(", "))
                                        + (columns.size() > MAX_LISTED_COLUMNS
                                                ? ", ... (" + columns.size() + " in all)"
                                                : ""));
    }
}
