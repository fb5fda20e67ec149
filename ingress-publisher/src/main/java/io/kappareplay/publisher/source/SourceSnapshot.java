package io.kappareplay.publisher.source;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * The source cut at its point in time, as {@link SnapshotReader} made it: the rows of the snapshot
 * with the source's own columns and, last, {@link #LINEAGE_COLUMN}.
 *
 * @param rows the snapshot's rows: {@link #columns()} then the lineage
 * @param columns the source's columns, without the lineage: what the contract is matched against
 * @param instant the point-in-time instant, the {@code kappa.snapshot} header of every record
 * @param sourceSnapshotId the Iceberg snapshot read, empty for sources without snapshots
 * @param order the event time, version or start of validity the mode cuts by, when it has one: a
 *     key's rows are published in this order
 * @param description one line for progress output, e.g. {@code parquet file:/data/orders, window
 *     [2024-06-01T00:00:00Z, 2024-07-01T00:00:00Z) on ordered_at}
 * @param undatable the source rows the cut could not place, because the column it cuts by is null
 *     or not an instant in them: rejects, not rows that silently fall outside the snapshot
 */
public record SourceSnapshot(
        Dataset<Row> rows,
        StructType columns,
        Instant instant,
        Optional<String> sourceSnapshotId,
        Optional<Column> order,
        String description,
        Optional<Undatable> undatable) {

    /**
     * Rows without the instant the point in time cuts by.
     *
     * @param rows those rows, with the same columns as {@link SourceSnapshot#rows()}
     * @param column the source column that is null or not an instant in them
     * @param specKey the spec key that names that column, for the fix
     */
    public record Undatable(Dataset<Row> rows, String column, String specKey) {
        public Undatable {
            requireNonNull(rows, "rows");
            requireNonNull(column, "column");
            requireNonNull(specKey, "specKey");
        }
    }

    /**
     * The column that carries each row's lineage, the {@code kappa.lineage} header: for Parquet
     * files {@code <file>#<row index in the file>}, for Iceberg {@code <data file>#<position>},
     * both stable across runs; for CSV files and Hive tables {@code <file>#<row id>}, with Spark's
     * {@code monotonically_increasing_id()} as the row id, stable within a run (a retried task's
     * rows keep theirs, which is what duplicate detection needs) but not across runs whose input
     * splits differ.
     */
    public static final String LINEAGE_COLUMN = "__kappa_lineage";

    public SourceSnapshot {
        requireNonNull(rows, "rows");
        requireNonNull(columns, "columns");
        requireNonNull(instant, "instant");
        requireNonNull(sourceSnapshotId, "sourceSnapshotId");
        requireNonNull(order, "order");
        requireNonNull(description, "description");
        requireNonNull(undatable, "undatable");
        String[] names = rows.schema().fieldNames();
        if (names.length != columns.length() + 1
                || !LINEAGE_COLUMN.equals(names[names.length - 1])) {
            throw new IllegalArgumentException(
                    "The snapshot's rows have the columns "
                            + Arrays.toString(names)
                            + ", not the source's columns followed by "
                            + LINEAGE_COLUMN);
        }
    }

    /**
     * The rows in publishing order: hash-partitioned by the key column into {@code partitions}
     * Spark partitions, so that all rows of a key meet in one task (one Kafka transaction), and
     * sorted within each partition by {@link #order()}, so that a key's history is published as it
     * happened. The partition count is the one given, not left to adaptive query execution: a Spark
     * partition's number is its transactional id. That is why the rows are partitioned by a hash of
     * the key rather than by the key itself: on rows already partitioned by the key (the window of
     * latest-per-key), adaptive execution drops a repartition by the key as redundant and then
     * coalesces the window's partitions, down to one task for a small snapshot.
     */
    public Dataset<Row> inPublishingOrder(String keyColumn, int partitions) {
        Dataset<Row> byKey = rows.repartition(partitions, functions.hash(Columns.named(keyColumn)));
        return order.map(column -> byKey.sortWithinPartitions(column)).orElse(byKey);
    }
}
