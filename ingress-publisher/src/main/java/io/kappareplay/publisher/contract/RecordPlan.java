package io.kappareplay.publisher.contract;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

/**
 * How to build one Avro record from one Spark struct: per contract field, the column it is read
 * from and its converter, or the field's default. The top-level record collects every field's
 * reject ({@link #build}); a nested record is a {@link ValueConverter} that passes its first one
 * up.
 */
final class RecordPlan implements ValueConverter {

    /**
     * One contract field: filled from {@code sourceIndex} through {@code converter}, or, when
     * {@code sourceIndex} is negative, with its default.
     */
    record FieldPlan(
            Schema.Field field,
            int sourceIndex,
            String column,
            DataType columnType,
            ValueConverter converter) {

        static FieldPlan fromDefault(Schema.Field field) {
            return new FieldPlan(field, -1, null, null, null);
        }

        boolean isDefault() {
            return sourceIndex < 0;
        }
    }

    private final Schema schema;
    private final FieldPlan[] fields;

    RecordPlan(Schema schema, List<FieldPlan> fields) {
        this.schema = schema;
        this.fields = fields.toArray(FieldPlan[]::new);
    }

    Schema schema() {
        return schema;
    }

    /**
     * The top-level record of {@code row}; each field that cannot be filled adds to {@code
     * rejects}.
     */
    GenericData.Record build(Row row, List<FieldReject> rejects) {
        GenericData.Record record = new GenericData.Record(schema);
        for (FieldPlan plan : fields) {
            if (plan.isDefault()) {
                record.put(plan.field().pos(), defaultValue(plan.field()));
                continue;
            }
            Object value = row.get(plan.sourceIndex());
            try {
                record.put(plan.field().pos(), plan.converter().convert(value));
            } catch (ValueRejection rejection) {
                rejects.add(rejection.toReject(plan.field().name(), plan.column()));
            } catch (ClassCastException e) {
                throw new IllegalStateException(
                        "Column "
                                + plan.column()
                                + " of type "
                                + plan.columnType().simpleString()
                                + " holds a value Spark never gives that type ("
                                + value.getClass().getName()
                                + " somewhere in it): the row does not match the schema the"
                                + " coercer was bound to; bind it to the schema of the Dataset"
                                + " whose rows it coerces",
                        e);
            }
        }
        return record;
    }

    /** A nested struct's {@link Row} as a record; its first failing field rejects it. */
    @Override
    public Object convert(Object value) {
        Row row = (Row) value;
        GenericData.Record record = new GenericData.Record(schema);
        for (FieldPlan plan : fields) {
            if (plan.isDefault()) {
                record.put(plan.field().pos(), defaultValue(plan.field()));
                continue;
            }
            try {
                record.put(
                        plan.field().pos(), plan.converter().convert(row.get(plan.sourceIndex())));
            } catch (ValueRejection rejection) {
                throw rejection.under("." + plan.field().name());
            }
        }
        return record;
    }

    /**
     * A copy per record: defaults of arrays, maps and records are mutable and must not be shared.
     */
    private static Object defaultValue(Schema.Field field) {
        return GenericData.get().deepCopy(field.schema(), GenericData.get().getDefaultValue(field));
    }
}
