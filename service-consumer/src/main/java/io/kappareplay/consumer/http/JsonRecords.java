package io.kappareplay.consumer.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Avro records as plain JSON, and back, for services that speak JSON rather than Avro. Plain, not
 * Avro's own JSON encoding: a union's value is written as it is ({@code "price": 1.5}, not {@code
 * "price": {"double": 1.5}}), so a service reads the fields it knows by name. The mapping:
 *
 * <ul>
 *   <li>records and maps: objects; arrays: arrays; enums and strings: strings; null: null;
 *   <li>{@code int}, {@code long}, {@code float}, {@code double}, {@code boolean}: JSON numbers and
 *       booleans; logical types of them ({@code timestamp-millis}, {@code date}…) as their
 *       underlying number;
 *   <li>{@code decimal}: a JSON number with the schema's scale; other {@code bytes} and {@code
 *       fixed}: base64 text.
 * </ul>
 *
 * <p>Reading back is strict, so that a service's mistake is named rather than landed: an unknown
 * field, a missing field without a default, or a value of the wrong type is an {@link
 * IllegalArgumentException} naming the path, e.g. {@code outputs[0].price}. A union takes the first
 * branch the value fits.
 */
public final class JsonRecords {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Conversions.DecimalConversion DECIMALS =
            new Conversions.DecimalConversion();

    private JsonRecords() {}

    /** {@code value} (an Avro generic datum) as plain JSON. */
    public static JsonNode toJson(Object value, Schema schema) {
        if (value == null) {
            return JSON.nullNode();
        }
        switch (schema.getType()) {
            case UNION:
                return toJson(
                        value,
                        schema.getTypes().get(GenericData.get().resolveUnion(schema, value)));
            case RECORD:
                GenericRecord record = (GenericRecord) value;
                ObjectNode object = JSON.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    object.set(field.name(), toJson(record.get(field.pos()), field.schema()));
                }
                return object;
            case ARRAY:
                ArrayNode array = JSON.arrayNode();
                for (Object element : (Collection<?>) value) {
                    array.add(toJson(element, schema.getElementType()));
                }
                return array;
            case MAP:
                ObjectNode map = JSON.objectNode();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    map.set(
                            String.valueOf(entry.getKey()),
                            toJson(entry.getValue(), schema.getValueType()));
                }
                return map;
            case STRING:
            case ENUM:
                return JSON.textNode(value.toString());
            case INT:
                return JSON.numberNode((Integer) value);
            case LONG:
                return JSON.numberNode((Long) value);
            case FLOAT:
                return JSON.numberNode((Float) value);
            case DOUBLE:
                return JSON.numberNode((Double) value);
            case BOOLEAN:
                return JSON.booleanNode((Boolean) value);
            case BYTES:
                ByteBuffer bytes = ((ByteBuffer) value).duplicate();
                if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
                    return JSON.numberNode(DECIMALS.fromBytes(bytes, schema, decimal));
                }
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                return JSON.textNode(Base64.getEncoder().encodeToString(copy));
            case FIXED:
                GenericFixed fixed = (GenericFixed) value;
                if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
                    return JSON.numberNode(DECIMALS.fromFixed(fixed, schema, decimal));
                }
                return JSON.textNode(Base64.getEncoder().encodeToString(fixed.bytes()));
            case NULL:
            default:
                return JSON.nullNode();
        }
    }

    /**
     * {@code node} as a record of {@code schema}.
     *
     * @param path where {@code node} is, for messages, e.g. {@code outputs[0]}
     * @throws IllegalArgumentException naming the path and what was wrong
     */
    public static GenericRecord toRecord(JsonNode node, Schema schema, String path) {
        return (GenericRecord) toAvro(node, schema, path);
    }

    private static Object toAvro(JsonNode node, Schema schema, String path) {
        switch (schema.getType()) {
            case UNION:
                List<String> tried = new ArrayList<>();
                for (Schema branch : schema.getTypes()) {
                    try {
                        return toAvro(node, branch, path);
                    } catch (IllegalArgumentException e) {
                        tried.add(e.getMessage());
                    }
                }
                throw new IllegalArgumentException(
                        path
                                + ": "
                                + describe(node)
                                + " fits no branch of "
                                + schema
                                + " ("
                                + String.join("; ", tried)
                                + ")");
            case NULL:
                if (node == null || node.isNull()) {
                    return null;
                }
                throw wrong(node, "null", path);
            case RECORD:
                if (node == null || !node.isObject()) {
                    throw wrong(node, "an object (record " + schema.getFullName() + ")", path);
                }
                GenericData.Record record = new GenericData.Record(schema);
                for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (schema.getField(name) == null) {
                        throw new IllegalArgumentException(
                                path
                                        + "."
                                        + name
                                        + ": no such field in "
                                        + schema.getFullName()
                                        + " (fields: "
                                        + schema.getFields().stream()
                                                .map(Schema.Field::name)
                                                .toList()
                                        + ")");
                    }
                }
                for (Schema.Field field : schema.getFields()) {
                    JsonNode value = node.get(field.name());
                    if (value == null) {
                        if (!field.hasDefaultValue()) {
                            throw new IllegalArgumentException(
                                    path
                                            + "."
                                            + field.name()
                                            + ": missing, and the field has no default");
                        }
                        record.put(field.pos(), GenericData.get().getDefaultValue(field));
                    } else {
                        record.put(
                                field.pos(),
                                toAvro(value, field.schema(), path + "." + field.name()));
                    }
                }
                return record;
            case ARRAY:
                if (node == null || !node.isArray()) {
                    throw wrong(node, "an array", path);
                }
                List<Object> elements = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    elements.add(
                            toAvro(node.get(i), schema.getElementType(), path + "[" + i + "]"));
                }
                return new GenericData.Array<>(schema, elements);
            case MAP:
                if (node == null || !node.isObject()) {
                    throw wrong(node, "an object (map)", path);
                }
                Map<String, Object> map = new LinkedHashMap<>();
                node.properties()
                        .forEach(
                                e ->
                                        map.put(
                                                e.getKey(),
                                                toAvro(
                                                        e.getValue(),
                                                        schema.getValueType(),
                                                        path + "." + e.getKey())));
                return map;
            case STRING:
                if (node == null || !node.isTextual()) {
                    throw wrong(node, "a string", path);
                }
                return node.textValue();
            case ENUM:
                if (node == null || !node.isTextual() || !schema.hasEnumSymbol(node.textValue())) {
                    throw wrong(node, "one of " + schema.getEnumSymbols(), path);
                }
                return new GenericData.EnumSymbol(schema, node.textValue());
            case INT:
                if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw wrong(node, "a whole number within int", path);
                }
                return node.intValue();
            case LONG:
                if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw wrong(node, "a whole number within long", path);
                }
                return node.longValue();
            case FLOAT:
                if (node == null || !node.isNumber()) {
                    throw wrong(node, "a number", path);
                }
                return node.floatValue();
            case DOUBLE:
                if (node == null || !node.isNumber()) {
                    throw wrong(node, "a number", path);
                }
                return node.doubleValue();
            case BOOLEAN:
                if (node == null || !node.isBoolean()) {
                    throw wrong(node, "true or false", path);
                }
                return node.booleanValue();
            case BYTES:
            case FIXED:
                LogicalType logical = schema.getLogicalType();
                if (logical instanceof LogicalTypes.Decimal decimal) {
                    if (node == null || !node.isNumber()) {
                        throw wrong(node, "a number (decimal)", path);
                    }
                    BigDecimal value;
                    try {
                        value =
                                node.decimalValue()
                                        .setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
                    } catch (ArithmeticException e) {
                        throw wrong(
                                node,
                                "a number with at most " + decimal.getScale() + " decimals",
                                path);
                    }
                    return schema.getType() == Schema.Type.BYTES
                            ? DECIMALS.toBytes(value, schema, decimal)
                            : DECIMALS.toFixed(value, schema, decimal);
                }
                if (node == null || !node.isTextual()) {
                    throw wrong(node, "base64 text", path);
                }
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(node.textValue());
                } catch (IllegalArgumentException e) {
                    throw wrong(node, "base64 text", path);
                }
                if (schema.getType() == Schema.Type.BYTES) {
                    return ByteBuffer.wrap(bytes);
                }
                if (bytes.length != schema.getFixedSize()) {
                    throw wrong(node, schema.getFixedSize() + " bytes in base64", path);
                }
                return new GenericData.Fixed(schema, bytes);
            default:
                throw new IllegalArgumentException(path + ": unsupported type " + schema.getType());
        }
    }

    private static IllegalArgumentException wrong(JsonNode node, String expected, String path) {
        return new IllegalArgumentException(
                path + ": expected " + expected + ", got " + describe(node));
    }

    private static String describe(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
