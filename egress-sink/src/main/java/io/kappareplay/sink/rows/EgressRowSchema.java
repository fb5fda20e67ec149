package io.kappareplay.sink.rows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The schema of a landed egress row: the handler's output fields, each nullable (a 0-output marker
 * has none), then the {@link LineageColumns}. It keeps the output record's full name, so it also
 * serves as the reader schema that decodes egress values straight into rows.
 */
public final class EgressRowSchema {
    private EgressRowSchema() {}

    /**
     * @param output the job's output schema (the latest version of {@code
     *     kappa.<job>.egress-value})
     * @throws IllegalArgumentException if it is not a record or has a field named like a lineage
     *     column
     */
    public static Schema of(String topic, Schema output) {
        if (output.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(
                    "the output schema of "
                            + topic
                            + " is "
                            + output.getType()
                            + ", not a record: the sink lands an output's fields as columns, so"
                            + " register a record schema for the handler's outputs");
        }
        Schema lineage =
                LineageColumns.egress(SchemaBuilder.record("Lineage").fields()).endRecord();
        Set<String> lineageNames = new HashSet<>();
        lineage.getFields().forEach(field -> lineageNames.add(field.name()));
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : output.getFields()) {
            if (lineageNames.contains(field.name())) {
                throw new IllegalArgumentException(
                        "the output schema of "
                                + topic
                                + " ("
                                + output.getFullName()
                                + ") has a field '"
                                + field.name()
                                + "', which is also a lineage column of the landed table: rename"
                                + " the output field");
            }
            fields.add(
                    new Schema.Field(
                            field.name(),
                            nullable(field.schema()),
                            field.doc(),
                            JsonProperties.NULL_VALUE));
        }
        for (Schema.Field field : lineage.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        return Schema.createRecord(
                output.getName(), output.getDoc(), output.getNamespace(), false, fields);
    }

    /** {@code schema} as a union whose first branch is null, so that null is its default. */
    private static Schema nullable(Schema schema) {
        if (schema.getType() == Schema.Type.NULL) {
            return schema;
        }
        List<Schema> branches = new ArrayList<>();
        branches.add(Schema.create(Schema.Type.NULL));
        if (schema.getType() == Schema.Type.UNION) {
            schema.getTypes().stream()
                    .filter(branch -> branch.getType() != Schema.Type.NULL)
                    .forEach(branches::add);
        } else {
            branches.add(schema);
        }
        return Schema.createUnion(branches);
    }
}
