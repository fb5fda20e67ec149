/**
 * The snapshot: a job's source read ({@code parquet} and {@code csv} paths, {@code hive} tables,
 * {@code iceberg} tables at a snapshot) and cut at its point in time ({@code as-of}, {@code
 * latest-per-key}, {@code window}), each row carrying its lineage, then laid out in publishing
 * order: partitioned by key, a key's rows in event-time order.
 *
 * <pre>{@code
 * SourceSnapshot snapshot = new SnapshotReader(spark).read(spec.source());
 * Dataset<Row> rows = snapshot.inPublishingOrder(spec.source().keyColumn(), 200);
 * }</pre>
 *
 * <p>Everything here is lazy and runs on the driver; the rows are read when the publish runs.
 */
package io.kappareplay.publisher.source;
