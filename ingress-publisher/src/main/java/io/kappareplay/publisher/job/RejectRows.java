package io.kappareplay.publisher.job;

import io.kappareplay.publisher.contract.FieldReject;
import io.kappareplay.publisher.contract.RejectReason;
import io.kappareplay.publisher.source.SourceSnapshot;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows of {@code kappa/rejects/job_id=<job>/}: one per field that kept a source row from being
 * published (a row with two bad fields has two), so that the table can be grouped by field and
 * reason, and every row names its source row by lineage and shows it whole.
 */
final class RejectRows {

    /**
     * {@code lineage}: the source row's identity, as the {@code kappa.lineage} header would have
     * been; {@code record_key}: its key, null if the key was null; {@code source_row}: the whole
     * row as JSON; {@code field}: the contract field's path; {@code source_column}: the column it
     * came from; {@code reason}: a {@link io.kappareplay.publisher.contract.RejectReason}; {@code
     * value}: the offending value as text, null for null; {@code problem} and {@code fix}: in
     * words.
     */
    static final StructType SCHEMA =
            new StructType()
                    .add("lineage", DataTypes.StringType, false)
                    .add("record_key", DataTypes.StringType, true)
                    .add("source_row", DataTypes.StringType, false)
                    .add("field", DataTypes.StringType, false)
                    .add("source_column", DataTypes.StringType, true)
                    .add("reason", DataTypes.StringType, false)
                    .add("value", DataTypes.StringType, true)
                    .add("problem", DataTypes.StringType, false)
                    .add("fix", DataTypes.StringType, false);

    private RejectRows() {}

    static Row of(String lineage, String key, String sourceRow, FieldReject reject) {
        return RowFactory.create(
                lineage,
                key,
                sourceRow,
                reject.field(),
                reject.column().orElse(null),
                reject.reason().name(),
                reject.value().orElse(null),
                reject.problem(),
                reject.fix());
    }

    /**
     * The reject rows of the source rows the point in time could not place ({@link
     * RejectReason#NO_POINT_IN_TIME}), one per row, in this table's schema.
     *
     * @param columns the source's columns, which {@code source_row} shows
     */
    static Dataset<Row> undatable(
            SourceSnapshot.Undatable undatable, StructType columns, String keyColumn) {
        Column[] source =
                Arrays.stream(columns.fieldNames()).map(RejectRows::column).toArray(Column[]::new);
        String name = undatable.column();
        return undatable
                .rows()
                .select(
                        column(SourceSnapshot.LINEAGE_COLUMN).as("lineage"),
                        column(keyColumn).cast(DataTypes.StringType).as("record_key"),
                        functions.to_json(functions.struct(source)).as("source_row"),
                        functions.lit(name).as("field"),
                        functions.lit(name).as("source_column"),
                        functions.lit(RejectReason.NO_POINT_IN_TIME.name()).as("reason"),
                        column(name).cast(DataTypes.StringType).as("value"),
                        functions
                                .lit(
                                        name
                                                + " is null or not an instant, so the row can be"
                                                + " placed neither inside nor outside the point in"
                                                + " time")
                                .as("problem"),
                        functions
                                .lit(
                                        "give every row a "
                                                + name
                                                + ", filter such rows out of the source, or cut by"
                                                + " another column ("
                                                + undatable.specKey()
                                                + ")")
                                .as("fix"));
    }

    private static Column column(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }

    /**
     * The row as JSON ({@code Row.json()}, with its column names); its plain text form if a value
     * has no JSON form, so that a reject is never lost to its own rendering.
     */
    static String json(Row row) {
        try {
            return row.json();
        } catch (RuntimeException e) {
            return row.toString();
        }
    }
}
