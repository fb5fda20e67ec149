package io.kappareplay.publisher.contract;

import static java.util.Objects.requireNonNull;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Turns rows of the source into records of the contract, or into the reasons they cannot be: built
 * by {@link ContractBinding#coercer()} on the driver, shipped to the executors with the tasks, and
 * run there on every {@code Row}.
 *
 * <pre>{@code
 * RowCoercer coercer = ContractBinding.bind(df.schema(), "order_id", mapping, contract).coercer();
 * df.foreachPartition(rows -> rows.forEachRemaining(row -> {
 *     switch (coercer.coerce(row)) { ... }
 * }));
 * }</pre>
 *
 * <p>Thread-safe: it holds nothing that changes. Java serialization carries the source schema,
 * mapping and contract, and the executor binds them again, so what runs there is what the driver's
 * report described.
 */
public final class RowCoercer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final transient StructType source;
    private final transient String keyColumn;
    private final transient Map<String, String> columnMapping;
    private final transient RecordPlan plan;

    RowCoercer(
            StructType source,
            String keyColumn,
            Map<String, String> columnMapping,
            RecordPlan plan) {
        this.source = source;
        this.keyColumn = keyColumn;
        this.columnMapping = columnMapping;
        this.plan = plan;
    }

    /** The contract the records are built with. */
    public Schema contract() {
        return plan.schema();
    }

    /**
     * The row as a record of the contract, or every top-level field that cannot be filled. Never
     * throws for bad data; throws {@link IllegalArgumentException} for a row of another shape than
     * the schema this coercer was bound to.
     */
    public RowCoercion coerce(Row row) {
        requireNonNull(row, "row");
        if (row.length() != source.length()) {
            throw new IllegalArgumentException(
                    "The row has "
                            + row.length()
                            + " values, and the source schema this coercer was bound to has "
                            + source.length()
                            + " columns ("
                            + String.join(", ", source.fieldNames())
                            + "); bind the coercer to the schema of the Dataset whose rows it"
                            + " coerces");
        }
        List<FieldReject> rejects = new ArrayList<>(0);
        GenericData.Record record = plan.build(row, rejects);
        if (!rejects.isEmpty()) {
            return new RowCoercion.Rejected(rejects);
        }
        return ContractValidator.validate(plan.schema(), record)
                .<RowCoercion>map(problem -> new RowCoercion.Rejected(List.of(problem)))
                .orElseGet(() -> new RowCoercion.Accepted(record));
    }

    private Object writeReplace() {
        return new SerializedForm(
                source, keyColumn, new LinkedHashMap<>(columnMapping), plan.schema().toString());
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("A RowCoercer travels as its SerializedForm");
    }

    /** What a coercer is made of; read back, it is bound again. */
    private record SerializedForm(
            StructType source,
            String keyColumn,
            LinkedHashMap<String, String> columnMapping,
            String contract)
            implements Serializable {

        private Object readResolve() {
            return ContractBinding.bind(
                            source, keyColumn, columnMapping, new Schema.Parser().parse(contract))
                    .coercer();
        }
    }
}
