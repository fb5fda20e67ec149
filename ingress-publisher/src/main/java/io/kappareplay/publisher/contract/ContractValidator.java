package io.kappareplay.publisher.contract;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;

/**
 * The last check before a record may be published: does it fit the contract, exactly?
 *
 * <p>Stricter than Avro's {@code GenericData.validate}, which checks Java types only: a decimal's
 * unscaled value must fit its precision, a UUID string must be a UUID, an enum symbol and a fixed
 * value must belong to the contract's own enum and fixed type, a record must have the contract's
 * schema, and map keys must be text. It names the first place that does not fit, as a path the
 * rejects table can show ({@code items[2].price}).
 *
 * <pre>{@code
 * Optional<FieldReject> problem = ContractValidator.validate(contract, record);
 * }</pre>
 *
 * <p>{@link RowCoercer} runs it on every record it builds; a failure there is a defect of the
 * coercion, and the row is rejected with {@link RejectReason#CONTRACT_VALIDATION} rather than sent.
 */
public final class ContractValidator {
    private record Problem(String path, Object value, String problem) {}

    private ContractValidator() {}

    /** The first place where {@code record} does not fit {@code contract}; empty when it fits. */
    public static Optional<FieldReject> validate(Schema contract, GenericRecord record) {
        Problem problem = check(contract, record, "");
        if (problem == null) {
            return Optional.empty();
        }
        return Optional.of(
                new FieldReject(
                        problem.path().isEmpty() ? "<record>" : problem.path(),
                        Optional.empty(),
                        RejectReason.CONTRACT_VALIDATION,
                        ValueText.of(problem.value()),
                        problem.problem(),
                        "the record built from this row breaks the contract, which is a defect"
                                + " of the publisher's coercion and not of the data; report it"
                                + " with this reject"));
    }

    private static Problem check(Schema schema, Object datum, String path) {
        if (schema.getType() == Schema.Type.UNION) {
            if (datum == null) {
                return schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)
                        ? null
                        : new Problem(
                                path,
                                null,
                                "is null, and " + AvroTypes.describe(schema) + " is not");
            }
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() != Schema.Type.NULL && check(branch, datum, path) == null) {
                    return null;
                }
            }
            return new Problem(path, datum, "fits no branch of " + AvroTypes.describe(schema));
        }
        if (schema.getType() == Schema.Type.NULL) {
            return datum == null ? null : new Problem(path, datum, "is not null");
        }
        if (datum == null) {
            return new Problem(
                    path, null, "is null, and " + AvroTypes.describe(schema) + " is not");
        }
        return switch (schema.getType()) {
            case BOOLEAN -> javaType(datum, Boolean.class, schema, path);
            case INT -> javaType(datum, Integer.class, schema, path);
            case LONG -> javaType(datum, Long.class, schema, path);
            case FLOAT -> javaType(datum, Float.class, schema, path);
            case DOUBLE -> javaType(datum, Double.class, schema, path);
            case STRING -> string(schema, datum, path);
            case BYTES -> bytes(schema, datum, path);
            case FIXED -> fixed(schema, datum, path);
            case ENUM -> enumSymbol(schema, datum, path);
            case ARRAY -> array(schema, datum, path);
            case MAP -> map(schema, datum, path);
            case RECORD -> record(schema, datum, path);
            default -> new Problem(path, datum, "has a type no value can have");
        };
    }

    private static Problem javaType(Object datum, Class<?> type, Schema schema, String path) {
        return type.isInstance(datum)
                ? null
                : new Problem(
                        path,
                        datum,
                        "is a "
                                + datum.getClass().getName()
                                + ", not the "
                                + type.getSimpleName()
                                + " of "
                                + AvroTypes.describe(schema));
    }

    private static Problem string(Schema schema, Object datum, String path) {
        if (!(datum instanceof CharSequence text)) {
            return javaType(datum, CharSequence.class, schema, path);
        }
        LogicalType logical = schema.getLogicalType();
        if (logical != null && logical.getName().equals("uuid") && !AvroTypes.isUuid(text)) {
            return new Problem(path, datum, "is not a UUID");
        }
        return null;
    }

    private static Problem bytes(Schema schema, Object datum, String path) {
        if (!(datum instanceof ByteBuffer buffer)) {
            return javaType(datum, ByteBuffer.class, schema, path);
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return decimalPrecision(schema, bytes, datum, path);
    }

    private static Problem fixed(Schema schema, Object datum, String path) {
        if (!(datum instanceof GenericFixed fixed)) {
            return javaType(datum, GenericFixed.class, schema, path);
        }
        if (!schema.equals(fixed.getSchema())) {
            return new Problem(
                    path,
                    datum,
                    "is a fixed of another type, " + AvroTypes.describe(fixed.getSchema()));
        }
        if (fixed.bytes().length != schema.getFixedSize()) {
            return new Problem(
                    path,
                    datum,
                    "is " + fixed.bytes().length + " bytes long, not " + schema.getFixedSize());
        }
        return decimalPrecision(schema, fixed.bytes(), datum, path);
    }

    private static Problem decimalPrecision(
            Schema schema, byte[] bytes, Object datum, String path) {
        if (!(schema.getLogicalType() instanceof LogicalTypes.Decimal decimal)) {
            return null;
        }
        if (bytes.length == 0) {
            return new Problem(path, datum, "has no bytes; a decimal has at least one");
        }
        int digits = new BigInteger(bytes).abs().toString().length();
        return digits <= decimal.getPrecision()
                ? null
                : new Problem(
                        path,
                        datum,
                        "has "
                                + digits
                                + " digits, more than the precision of "
                                + AvroTypes.describe(schema));
    }

    private static Problem enumSymbol(Schema schema, Object datum, String path) {
        if (!(datum instanceof GenericEnumSymbol<?> symbol)) {
            return javaType(datum, GenericEnumSymbol.class, schema, path);
        }
        if (!schema.equals(symbol.getSchema()) || !schema.hasEnumSymbol(symbol.toString())) {
            return new Problem(path, datum, "is not a symbol of " + AvroTypes.describe(schema));
        }
        return null;
    }

    private static Problem array(Schema schema, Object datum, String path) {
        if (!(datum instanceof Collection<?> elements)) {
            return javaType(datum, Collection.class, schema, path);
        }
        int index = 0;
        for (Object element : elements) {
            Problem problem = check(schema.getElementType(), element, path + "[" + index + "]");
            if (problem != null) {
                return problem;
            }
            index++;
        }
        return null;
    }

    private static Problem map(Schema schema, Object datum, String path) {
        if (!(datum instanceof Map<?, ?> entries)) {
            return javaType(datum, Map.class, schema, path);
        }
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            if (!(entry.getKey() instanceof CharSequence key)) {
                return new Problem(path, entry.getKey(), "has a key that is not text");
            }
            Problem problem =
                    check(schema.getValueType(), entry.getValue(), path + "{" + key + "}");
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static Problem record(Schema schema, Object datum, String path) {
        if (!(datum instanceof IndexedRecord record)) {
            return javaType(datum, IndexedRecord.class, schema, path);
        }
        if (!schema.equals(record.getSchema())) {
            return new Problem(
                    path, record.getSchema().getFullName(), "is a record of another schema");
        }
        for (Schema.Field field : schema.getFields()) {
            String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
            Problem problem = check(field.schema(), record.get(field.pos()), fieldPath);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
