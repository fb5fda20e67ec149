package io.kappareplay.publisher.contract;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;

/**
 * Plans the conversion of a column into a field of a primitive Avro type, an enum or a fixed, none
 * of them with a logical type. A column whose every value fits converts as it is; one where only
 * some do converts with a check per value ({@link FindingKind#LOSSY_CONVERSION}); a text column is
 * parsed ({@link FindingKind#PARSED_FROM_TEXT}).
 */
final class PrimitiveConversions {
    private final PlanFindings findings;

    PrimitiveConversions(PlanFindings findings) {
        this.findings = findings;
    }

    /**
     * The converter of non-null values of {@code type} into {@code schema}, which is no union,
     * array, map or record; null, with its finding, when there is none.
     */
    ValueConverter plan(ConversionSite site, DataType type, Schema schema) {
        boolean text = type instanceof StringType;
        switch (schema.getType()) {
            case BOOLEAN:
                if (type instanceof BooleanType) {
                    return value -> value;
                }
                if (text) {
                    return findings.parsed(
                            site, "true or false, in any case", Numbers::textToBoolean);
                }
                break;
            case INT:
                if (type instanceof ByteType
                        || type instanceof ShortType
                        || type instanceof IntegerType) {
                    return Numbers::intValue;
                }
                if (type instanceof LongType) {
                    return findings.lossy(
                            site, "values outside the int range are rejected", Numbers::longToInt);
                }
                if (type instanceof DecimalType decimal) {
                    return decimal.scale() == 0 && decimal.precision() <= 9
                            ? Numbers::decimalToInt
                            : findings.lossy(
                                    site,
                                    "values with a fractional part or outside the int range are"
                                            + " rejected",
                                    Numbers::decimalToInt);
                }
                if (text) {
                    return findings.parsed(
                            site, "whole numbers in decimal digits", Numbers::textToInt);
                }
                break;
            case LONG:
                if (SparkTypes.integralDigits(type) > 0) {
                    return Numbers::longValue;
                }
                if (type instanceof DecimalType decimal) {
                    return decimal.scale() == 0 && decimal.precision() <= 18
                            ? Numbers::decimalToLong
                            : findings.lossy(
                                    site,
                                    "values with a fractional part or outside the long range are"
                                            + " rejected",
                                    Numbers::decimalToLong);
                }
                if (text) {
                    return findings.parsed(
                            site, "whole numbers in decimal digits", Numbers::textToLong);
                }
                break;
            case FLOAT:
                if (type instanceof FloatType) {
                    return value -> value;
                }
                if (type instanceof ByteType || type instanceof ShortType) {
                    return Numbers::floatValue;
                }
                if (type instanceof IntegerType || type instanceof LongType) {
                    return findings.lossy(
                            site,
                            "values a float cannot hold exactly (most beyond 2^24 = 16777216) are"
                                    + " rejected",
                            Numbers::integralToFloat);
                }
                if (type instanceof DoubleType) {
                    return findings.lossy(
                            site,
                            "values a float cannot hold exactly (more than about 7 significant"
                                    + " digits, or beyond its range) are rejected",
                            Numbers::doubleToFloat);
                }
                if (text) {
                    return findings.parsed(
                            site,
                            "numbers, read as the nearest float; beyond the float range rejected",
                            Numbers::textToFloat);
                }
                break;
            case DOUBLE:
                if (type instanceof DoubleType
                        || type instanceof FloatType
                        || type instanceof ByteType
                        || type instanceof ShortType
                        || type instanceof IntegerType) {
                    return Numbers::doubleValue;
                }
                if (type instanceof LongType) {
                    return findings.lossy(
                            site,
                            "values a double cannot hold exactly (most beyond 2^53 ="
                                    + " 9007199254740992) are rejected",
                            Numbers::longToDouble);
                }
                if (text) {
                    return findings.parsed(
                            site,
                            "numbers, read as the nearest double; beyond the double range"
                                    + " rejected",
                            Numbers::textToDouble);
                }
                break;
            case STRING:
                if (text) {
                    return value -> value;
                }
                break;
            case BYTES:
                if (type instanceof BinaryType) {
                    return value -> ByteBuffer.wrap((byte[]) value);
                }
                break;
            case FIXED:
                if (type instanceof BinaryType) {
                    return findings.lossy(
                            site,
                            "values that are not exactly "
                                    + schema.getFixedSize()
                                    + " bytes long"
                                    + " are rejected",
                            fixed(schema));
                }
                break;
            case ENUM:
                if (text) {
                    return findings.parsed(
                            site,
                            "the symbols "
                                    + String.join(", ", schema.getEnumSymbols())
                                    + ", exactly",
                            enumSymbols(schema));
                }
                break;
            default:
                findings.add(
                        FindingKind.UNSUPPORTED_CONTRACT_TYPE,
                        site,
                        "a field of type " + schema.getType().getName() + " carries no data");
                return null;
        }
        return findings.mismatch(site, schema);
    }

    private static ValueConverter fixed(Schema schema) {
        int size = schema.getFixedSize();
        return value -> {
            byte[] bytes = (byte[]) value;
            if (bytes.length != size) {
                throw new ValueRejection(
                        RejectReason.WRONG_FIXED_SIZE,
                        value,
                        "is "
                                + bytes.length
                                + " bytes long, and fixed "
                                + schema.getFullName()
                                + " holds exactly "
                                + size,
                        "fix the value in the source, or make the contract field bytes");
            }
            return new GenericData.Fixed(schema, bytes);
        };
    }

    private static ValueConverter enumSymbols(Schema schema) {
        Map<String, GenericData.EnumSymbol> symbols = new HashMap<>();
        for (String symbol : schema.getEnumSymbols()) {
            symbols.put(symbol, new GenericData.EnumSymbol(schema, symbol));
        }
        return value -> {
            GenericData.EnumSymbol symbol = symbols.get(value);
            if (symbol != null) {
                return symbol;
            }
            String text = (String) value;
            String fix =
                    schema.getEnumSymbols().stream()
                            .filter(s -> s.equalsIgnoreCase(text))
                            .findFirst()
                            .map(
                                    s ->
                                            "did you mean '"
                                                    + s
                                                    + "'? Symbols are matched exactly; map the"
                                                    + " value in the source (upper(col))")
                            .orElse(
                                    "map the value to a symbol in the source, or add it to the"
                                            + " contract's enum");
            throw new ValueRejection(
                    RejectReason.UNKNOWN_ENUM_SYMBOL,
                    value,
                    "is not a symbol of enum "
                            + schema.getFullName()
                            + " ("
                            + String.join(", ", schema.getEnumSymbols())
                            + ")",
                    fix);
        };
    }
}
