package io.kappareplay.publisher.contract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Matches a Spark schema against an Avro contract once and produces both sides of the answer: a
 * {@link ValueConverter} per field (the coercion) and a {@link Finding} for everything the user
 * should know (the report). One pass makes both, so the report cannot promise a conversion that the
 * coercion does not make, or miss one that it does.
 *
 * <p>A conversion that keeps every value exactly produces no finding. One that rejects some values
 * is {@link FindingKind#LOSSY_CONVERSION} or {@link FindingKind#PARSED_FROM_TEXT}; the one that
 * changes values (microseconds into milliseconds) is {@link FindingKind#TRUNCATED_PRECISION}; one
 * that cannot convert any value is {@link FindingKind#TYPE_MISMATCH}, and leaves no plan.
 *
 * <p>This class walks the structure: the records and their fields, each field's null rule, array
 * elements and map values, each at a path of its own. A field of a logical type is planned by
 * {@link LogicalConversions}, any other scalar by {@link PrimitiveConversions}; all of them record
 * into one {@link PlanFindings}, so the report keeps the order in which fields were planned.
 */
final class ConversionPlanner {
    private final PlanFindings findings = new PlanFindings();
    private final PrimitiveConversions primitives = new PrimitiveConversions(findings);
    private final LogicalConversions logicalTypes = new LogicalConversions(findings);

    List<Finding> findings() {
        return findings.list();
    }

    /**
     * The plan for the contract's record from a source with these columns, or null when the
     * findings hold an error that leaves no plan.
     */
    RecordPlan plan(
            StructType source,
            String keyColumn,
            Map<String, String> columnMapping,
            Schema contract) {
        if (contract.getType() != Schema.Type.RECORD) {
            findings.add(
                    new Finding(
                            FindingKind.UNSUPPORTED_CONTRACT_TYPE,
                            Optional.of("<contract>"),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.of(AvroTypes.describe(contract)),
                            "the contract must be an Avro record with one field per published"
                                    + " column; wrap the type in a record"));
            return null;
        }
        List<String> columns = Arrays.asList(source.fieldNames());
        columnMapping.forEach(
                (column, field) -> {
                    if (!columns.contains(column)) {
                        findings.add(
                                new Finding(
                                        FindingKind.UNKNOWN_MAPPED_COLUMN,
                                        Optional.of(field),
                                        Optional.of(column),
                                        Optional.empty(),
                                        Optional.ofNullable(contract.getField(field))
                                                .map(f -> AvroTypes.describe(f.schema())),
                                        "ingress.column-mapping."
                                                + column
                                                + " names a column the source does not have"
                                                + FindingDetails.hint(column, columns)
                                                + "; fix the column name or remove the entry"));
                    }
                });
        if (!columns.contains(keyColumn)) {
            findings.add(
                    new Finding(
                            FindingKind.MISSING_KEY_COLUMN,
                            Optional.empty(),
                            Optional.of(keyColumn),
                            Optional.empty(),
                            Optional.empty(),
                            "source.key-column names a column the source does not have"
                                    + FindingDetails.hint(keyColumn, columns)
                                    + "; every record needs its key"));
        }
        return record("", "", source, contract, columnMapping, keyColumn);
    }

    /**
     * The plan of one record from one struct. {@code mapping} and {@code keyColumn} apply at the
     * top level only (empty and null below it); prefixes are the paths of the enclosing struct.
     */
    private RecordPlan record(
            String fieldPrefix,
            String columnPrefix,
            StructType struct,
            Schema record,
            Map<String, String> mapping,
            String keyColumn) {
        boolean topLevel = keyColumn != null;
        StructField[] columns = struct.fields();
        Map<String, Integer> columnOfField = new HashMap<>();
        for (int i = 0; i < columns.length; i++) {
            String name = columns[i].name();
            String field = mapping.getOrDefault(name, name);
            Integer earlier = columnOfField.putIfAbsent(field, i);
            if (earlier != null && record.getField(field) != null) {
                findings.add(
                        new Finding(
                                FindingKind.DUPLICATE_FIELD_SOURCE,
                                Optional.of(fieldPrefix + field),
                                Optional.of(columnPrefix + name),
                                Optional.of(columns[i].dataType().simpleString()),
                                Optional.of(AvroTypes.describe(record.getField(field).schema())),
                                "column "
                                        + columnPrefix
                                        + columns[earlier].name()
                                        + " fills this field too; "
                                        + (topLevel
                                                ? "map only one of them to it with"
                                                        + " ingress.column-mapping, or drop the"
                                                        + " other in the source"
                                                : "the struct has two fields of this name")));
            }
        }

        List<RecordPlan.FieldPlan> plans = new ArrayList<>();
        boolean complete = true;
        for (Schema.Field field : record.getFields()) {
            String fieldPath = fieldPrefix + field.name();
            Integer index = columnOfField.get(field.name());
            if (index == null) {
                if (field.hasDefaultValue()) {
                    findings.add(
                            new Finding(
                                    FindingKind.FILLED_WITH_DEFAULT,
                                    Optional.of(fieldPath),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.of(AvroTypes.describe(field.schema())),
                                    "no column fills it; every record gets its default, "
                                            + FindingDetails.defaultText(field)));
                    plans.add(RecordPlan.FieldPlan.fromDefault(field));
                } else {
                    findings.add(
                            new Finding(
                                    FindingKind.MISSING_FIELD,
                                    Optional.of(fieldPath),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.of(AvroTypes.describe(field.schema())),
                                    FindingDetails.missing(
                                            field, columnPrefix, columns, topLevel)));
                    complete = false;
                }
                continue;
            }
            StructField column = columns[index];
            ValueConverter converter =
                    field(
                            fieldPath,
                            columnPrefix + column.name(),
                            column.dataType(),
                            column.nullable(),
                            field.schema());
            if (converter == null) {
                complete = false;
            } else {
                plans.add(
                        new RecordPlan.FieldPlan(
                                field, index, column.name(), column.dataType(), converter));
            }
        }

        for (StructField column : columns) {
            String field = mapping.getOrDefault(column.name(), column.name());
            if (record.getField(field) == null && !column.name().equals(keyColumn)) {
                findings.add(
                        new Finding(
                                FindingKind.UNMAPPED_COLUMN,
                                Optional.empty(),
                                Optional.of(columnPrefix + column.name()),
                                Optional.of(column.dataType().simpleString()),
                                Optional.empty(),
                                FindingDetails.unmapped(
                                        column.name(), field, mapping, record, topLevel)));
            }
        }
        return complete ? new RecordPlan(record, plans) : null;
    }

    /**
     * A field's converter, with its null rule: null passes into {@code ["null", T]}, else rejects.
     */
    private ValueConverter field(
            String fieldPath, String columnPath, DataType type, boolean nullable, Schema schema) {
        ConversionSite site = new ConversionSite(fieldPath, columnPath, type, schema);
        if (schema.getType() != Schema.Type.UNION) {
            ValueConverter converter = value(site, type, schema);
            if (converter != null && nullable) {
                findings.add(
                        FindingKind.NULLS_REJECTED,
                        site,
                        "the column may hold null and the field does not take null: rows holding"
                                + " null here are rejected; make the field [\"null\", ...] if null"
                                + " is a valid value");
            }
            return converter == null ? null : ValueConverter.required(converter);
        }
        Optional<Schema> branch = AvroTypes.nullableBranch(schema);
        if (branch.isEmpty()) {
            findings.add(
                    FindingKind.UNSUPPORTED_CONTRACT_TYPE,
                    site,
                    "the publisher fills only unions of null and one type ([\"null\", T]): a"
                            + " column does not say which branch a value belongs to; use one"
                            + " type, or [\"null\", T]");
            return null;
        }
        ValueConverter converter = value(site, type, branch.get());
        return converter == null ? null : ValueConverter.nullable(converter);
    }

    /** The converter of non-null values of {@code type} into {@code schema}, not a union. */
    private ValueConverter value(ConversionSite site, DataType type, Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical != null) {
            return logicalTypes.plan(site, type, schema, logical.getName());
        }
        switch (schema.getType()) {
            case ARRAY:
                if (type instanceof ArrayType array) {
                    return array(site, array, schema);
                }
                break;
            case MAP:
                if (type instanceof MapType map) {
                    return map(site, map, schema);
                }
                break;
            case RECORD:
                if (type instanceof StructType struct) {
                    return record(
                            site.field() + ".",
                            site.column() + ".",
                            struct,
                            schema,
                            Map.of(),
                            null);
                }
                break;
            default:
                return primitives.plan(site, type, schema);
        }
        return findings.mismatch(site, schema);
    }

    private ValueConverter array(ConversionSite site, ArrayType array, Schema schema) {
        ValueConverter element =
                field(
                        site.field() + "[]",
                        site.column() + "[]",
                        array.elementType(),
                        array.containsNull(),
                        schema.getElementType());
        if (element == null) {
            return null;
        }
        return value -> {
            scala.collection.Seq<?> seq = (scala.collection.Seq<?>) value;
            List<Object> elements = new ArrayList<>(seq.size());
            scala.collection.Iterator<?> iterator = seq.iterator();
            for (int index = 0; iterator.hasNext(); index++) {
                try {
                    elements.add(element.convert(iterator.next()));
                } catch (ValueRejection rejection) {
                    throw rejection.under("[" + index + "]");
                }
            }
            return elements;
        };
    }

    private ValueConverter map(ConversionSite site, MapType map, Schema schema) {
        if (!(map.keyType() instanceof StringType)) {
            findings.add(
                    FindingKind.TYPE_MISMATCH,
                    site,
                    "Avro map keys are strings, and this map's keys are "
                            + map.keyType().simpleString()
                            + "; make them text in the source (transform_keys(col, (k, v) ->"
                            + " CAST(k AS STRING)))");
            return null;
        }
        ValueConverter entry =
                field(
                        site.field() + "{}",
                        site.column() + "{}",
                        map.valueType(),
                        map.valueContainsNull(),
                        schema.getValueType());
        if (entry == null) {
            return null;
        }
        return value -> {
            scala.collection.Map<?, ?> entries = (scala.collection.Map<?, ?>) value;
            // Kept in Spark's order: the same row always gives the same bytes.
            Map<String, Object> out = new LinkedHashMap<>();
            scala.collection.Iterator<? extends Tuple2<?, ?>> iterator = entries.iterator();
            while (iterator.hasNext()) {
                Tuple2<?, ?> pair = iterator.next();
                String key = (String) pair._1();
                try {
                    out.put(key, entry.convert(pair._2()));
                } catch (ValueRejection rejection) {
                    throw rejection.under("{" + key + "}");
                }
            }
            return out;
        };
    }
}
