package io.kappareplay.publisher.contract;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * How the report and the rejects name Avro types, the one union shape the publisher fills, and the
 * text form of a UUID.
 */
final class AvroTypes {
    /** The canonical text form of Avro's {@code uuid} logical type (RFC 4122, any case). */
    private static final Pattern UUID_TEXT =
            Pattern.compile(
                    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private AvroTypes() {}

    static boolean isUuid(CharSequence text) {
        return UUID_TEXT.matcher(text).matches();
    }

    /**
     * The {@code T} of a nullable union {@code ["null", T]} or {@code [T, "null"]}; empty for any
     * other union. Other unions would need a rule to pick a branch per value, which a warehouse
     * column does not carry.
     */
    static Optional<Schema> nullableBranch(Schema union) {
        List<Schema> types = union.getTypes();
        if (types.size() != 2) {
            return Optional.empty();
        }
        Schema first = types.get(0);
        Schema second = types.get(1);
        if (first.getType() == Schema.Type.NULL && second.getType() != Schema.Type.NULL) {
            return Optional.of(second);
        }
        if (second.getType() == Schema.Type.NULL && first.getType() != Schema.Type.NULL) {
            return Optional.of(first);
        }
        return Optional.empty();
    }

    /**
     * A short name: {@code long}, {@code decimal(10,2)}, {@code timestamp-millis or null}, {@code
     * array<string>}, {@code map<string,long>}, {@code enum com.example.Color}, {@code record
     * com.example.Address}.
     */
    static String describe(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
        }
        if (logical != null) {
            return logical.getName();
        }
        return switch (schema.getType()) {
            case UNION ->
                    nullableBranch(schema)
                            .map(branch -> describe(branch) + " or null")
                            .orElseGet(
                                    () ->
                                            schema.getTypes().stream()
                                                    .map(AvroTypes::describe)
                                                    .collect(
                                                            Collectors.joining(
                                                                    ", ", "union[", "]")));
            case RECORD -> "record " + schema.getFullName();
            case ENUM -> "enum " + schema.getFullName();
            case FIXED -> "fixed " + schema.getFullName() + "(" + schema.getFixedSize() + ")";
            case ARRAY -> "array<" + describe(schema.getElementType()) + ">";
            case MAP -> "map<string," + describe(schema.getValueType()) + ">";
            default -> schema.getName();
        };
    }
}
