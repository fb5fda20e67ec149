package io.kappareplay.publisher.source;

import static java.util.Objects.requireNonNull;

import io.kappareplay.schemas.spec.CsvOptions;
import io.kappareplay.schemas.spec.JobSpecKey;
import io.kappareplay.schemas.spec.PointInTime;
import io.kappareplay.schemas.spec.SourceSpec;
import io.kappareplay.schemas.spec.ValidityColumns;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a job's source and cuts it at its point in time ({@code source} in the job spec), on the
 * driver, as a lazy {@link Dataset}: nothing is read until the publish runs.
 *
 * <ul>
 *   <li>{@code parquet}, {@code csv}: the files under {@code source.path}. Parquet dates and
 *       timestamps are read in the proleptic Gregorian calendar ({@code datetimeRebaseMode
 *       CORRECTED}), as decision 0011 requires of coercion; CSV columns are all text (coercion
 *       parses them strictly, so nothing is guessed by schema inference).
 *   <li>{@code hive}: {@code source.table} through the session's catalog; the session needs Hive
 *       support ({@code IngressPublisherJob} enables it for this format).
 *   <li>{@code iceberg}: {@code source.table} at one snapshot, named in the manifest: the one
 *       current at {@code instant} or given as {@code snapshot-id} for as-of without validity
 *       columns (time travel), else the table's current snapshot.
 * </ul>
 *
 * Point in time: as-of keeps the rows with {@code valid_from <= instant} and ({@code valid_to} null
 * or {@code instant < valid_to}); latest-per-key the row with the newest {@code version <= instant}
 * of each key ({@code row_number} over the key by version, newest first; of two rows with the same
 * key and version one is taken); window the rows with {@code from <= event time < to}. Rows whose
 * point-in-time column is null are in no snapshot.
 */
public final class SnapshotReader {
    private final SparkSession spark;

    public SnapshotReader(SparkSession spark) {
        this.spark = requireNonNull(spark, "spark");
    }

    /**
     * @throws SourceException if a point-in-time column is missing or holds no instant, or an
     *     Iceberg table has no snapshot at the instant
     */
    public SourceSnapshot read(SourceSpec source) {
        Read read =
                switch (source.format()) {
                    case PARQUET -> parquet(source.path().orElseThrow());
                    case CSV -> csv(source.path().orElseThrow(), source.csv().orElseThrow());
                    case HIVE -> withRowIdLineage(spark.table(source.table().orElseThrow()));
                    case ICEBERG -> iceberg(source.table().orElseThrow(), source.pointInTime());
                };
        String name = source.format().key() + " " + source.path().or(source::table).orElseThrow();
        StructType columns = withoutLineage(read.rows().schema());
        return cut(read, columns, source, name);
    }

    private SourceSnapshot cut(Read read, StructType columns, SourceSpec source, String name) {
        PointInTime pointInTime = source.pointInTime();
        Dataset<Row> rows = read.rows();
        switch (pointInTime.mode()) {
            case AS_OF -> {
                PointInTime.AsOf asOf = (PointInTime.AsOf) pointInTime;
                if (asOf.validity().isEmpty()) {
                    // Iceberg time travel: the snapshot is the table as it was.
                    return new SourceSnapshot(
                            rows,
                            columns,
                            read.snapshotInstant().orElseThrow(),
                            read.snapshotId(),
                            Optional.empty(),
                            name + ", as-of " + describe(read),
                            Optional.empty());
                }
                ValidityColumns validity = asOf.validity().get();
                Instant instant = asOf.instant().orElseThrow();
                Column from =
                        Columns.instantOf(
                                columns,
                                validity.validFrom(),
                                JobSpecKey.POINT_IN_TIME_VALID_FROM_COLUMN.path());
                Column to =
                        Columns.instantOf(
                                columns,
                                validity.validTo(),
                                JobSpecKey.POINT_IN_TIME_VALID_TO_COLUMN.path());
                Column at = functions.lit(instant);
                return new SourceSnapshot(
                        rows.where(from.leq(at).and(to.isNull().or(at.lt(to)))),
                        columns,
                        instant,
                        read.snapshotId(),
                        Optional.of(from),
                        name
                                + ", as-of "
                                + instant
                                + " by "
                                + validity.validFrom()
                                + "/"
                                + validity.validTo()
                                + read.snapshotId().map(id -> " of snapshot " + id).orElse(""),
                        undatable(
                                rows,
                                from,
                                validity.validFrom(),
                                JobSpecKey.POINT_IN_TIME_VALID_FROM_COLUMN.path()));
            }
            case LATEST_PER_KEY -> {
                PointInTime.LatestPerKey latest = (PointInTime.LatestPerKey) pointInTime;
                Column version =
                        Columns.instantOf(
                                columns,
                                latest.versionColumn(),
                                JobSpecKey.POINT_IN_TIME_VERSION_COLUMN.path());
                Columns.field(
                        columns, latest.keyColumn(), JobSpecKey.POINT_IN_TIME_KEY_COLUMN.path());
                String newest = "__kappa_newest";
                Dataset<Row> newestPerKey =
                        rows.where(version.leq(functions.lit(latest.instant())))
                                .withColumn(
                                        newest,
                                        functions
                                                .row_number()
                                                .over(
                                                        Window.partitionBy(
                                                                        Columns.named(
                                                                                latest.keyColumn()))
                                                                .orderBy(version.desc())))
                                .where(functions.col(newest).equalTo(1))
                                .drop(newest);
                return new SourceSnapshot(
                        newestPerKey,
                        columns,
                        latest.instant(),
                        read.snapshotId(),
                        Optional.of(version),
                        name
                                + ", latest-per-key "
                                + latest.keyColumn()
                                + " by "
                                + latest.versionColumn()
                                + " at "
                                + latest.instant(),
                        undatable(
                                rows,
                                version,
                                latest.versionColumn(),
                                JobSpecKey.POINT_IN_TIME_VERSION_COLUMN.path()));
            }
            case WINDOW -> {
                PointInTime.Window window = (PointInTime.Window) pointInTime;
                Column eventTime =
                        Columns.instantOf(
                                columns,
                                window.eventTimeColumn(),
                                JobSpecKey.POINT_IN_TIME_EVENT_TIME_COLUMN.path());
                return new SourceSnapshot(
                        rows.where(
                                eventTime
                                        .geq(functions.lit(window.from()))
                                        .and(eventTime.lt(functions.lit(window.to())))),
                        columns,
                        window.instant(),
                        read.snapshotId(),
                        Optional.of(eventTime),
                        name
                                + ", window ["
                                + window.from()
                                + ", "
                                + window.to()
                                + ") on "
                                + window.eventTimeColumn(),
                        undatable(
                                rows,
                                eventTime,
                                window.eventTimeColumn(),
                                JobSpecKey.POINT_IN_TIME_EVENT_TIME_COLUMN.path()));
            }
        }
        throw new IllegalStateException("No cut for point-in-time mode " + pointInTime.mode());
    }

    /** The rows whose {@code instant} (the column the cut compares) is null. */
    private static Optional<SourceSnapshot.Undatable> undatable(
            Dataset<Row> rows, Column instant, String column, String specKey) {
        return Optional.of(
                new SourceSnapshot.Undatable(rows.where(instant.isNull()), column, specKey));
    }

    private static String describe(Read read) {
        return read.snapshotInstant().map(Instant::toString).orElse("?")
                + read.snapshotId().map(id -> " (snapshot " + id + ")").orElse("");
    }

    /** Parquet files; the lineage is the file and the row's index in it, stable across runs. */
    private Read parquet(String path) {
        Dataset<Row> rows =
                spark.read()
                        .option("datetimeRebaseMode", "CORRECTED")
                        .option("int96RebaseMode", "CORRECTED")
                        .parquet(path);
        return Read.plain(
                rows.withColumn(
                        SourceSnapshot.LINEAGE_COLUMN,
                        functions.concat(
                                functions.col("_metadata.file_path"),
                                functions.lit("#"),
                                functions.col("_metadata.row_index").cast("string"))));
    }

    private Read csv(String path, CsvOptions csv) {
        return withRowIdLineage(
                spark.read()
                        .option("header", csv.header())
                        .option("delimiter", String.valueOf(csv.delimiter()))
                        .option("inferSchema", false)
                        .option("mode", "PERMISSIVE")
                        .csv(path));
    }

    /**
     * The lineage of a source without row positions: the file the row came from and a row id unique
     * in the run. Added before any shuffle, where the file is still known.
     */
    private static Read withRowIdLineage(Dataset<Row> rows) {
        return Read.plain(
                rows.withColumn(
                        SourceSnapshot.LINEAGE_COLUMN,
                        functions.concat(
                                functions.input_file_name(),
                                functions.lit("#"),
                                functions.monotonically_increasing_id().cast("string"))));
    }

    /**
     * An Iceberg table at one snapshot: the one current at the as-of instant, the as-of snapshot
     * id, or the table's current one. Read by id ({@code VERSION AS OF}), so that the manifest
     * names exactly the snapshot that was read even if the table changes meanwhile. The lineage is
     * the data file and the row's position in it.
     */
    private Read iceberg(String table, PointInTime pointInTime) {
        Optional<Instant> asOf = Optional.empty();
        Optional<Long> snapshotId = Optional.empty();
        if (pointInTime instanceof PointInTime.AsOf timeTravel && timeTravel.validity().isEmpty()) {
            asOf = timeTravel.instant();
            if (timeTravel.snapshotId().isPresent()) {
                snapshotId = Optional.of(timeTravel.snapshotId().getAsLong());
            }
        }
        Row snapshot = snapshot(table, asOf, snapshotId);
        long id = snapshot.getLong(0);
        // A Timestamp, or an Instant when the session has spark.sql.datetime.java8API.enabled.
        Object madeCurrentAt = snapshot.get(1);
        Instant madeCurrent =
                madeCurrentAt instanceof Instant instant
                        ? instant
                        : ((Timestamp) madeCurrentAt).toInstant();
        Dataset<Row> rows =
                spark.sql(
                        "SELECT *, concat(_file, '#', CAST(_pos AS STRING)) AS "
                                + SourceSnapshot.LINEAGE_COLUMN
                                + " FROM "
                                + table
                                + " VERSION AS OF "
                                + id);
        return new Read(
                rows, Optional.of(Long.toString(id)), Optional.of(asOf.orElse(madeCurrent)));
    }

    /** The snapshot id and when it became current, from the table's {@code history}. */
    private Row snapshot(String table, Optional<Instant> asOf, Optional<Long> snapshotId) {
        Dataset<Row> history =
                spark.table(table + ".history").select("snapshot_id", "made_current_at");
        Dataset<Row> candidates =
                snapshotId
                        .map(id -> history.where(functions.col("snapshot_id").equalTo(id)))
                        .or(
                                () ->
                                        asOf.map(
                                                instant ->
                                                        history.where(
                                                                functions
                                                                        .col("made_current_at")
                                                                        .leq(
                                                                                functions.lit(
                                                                                        instant)))))
                        .orElse(history);
        List<Row> found =
                candidates
                        .orderBy(functions.col("made_current_at").desc())
                        .limit(1)
                        .collectAsList();
        if (found.isEmpty()) {
            throw new SourceException(
                    snapshotId
                                    .map(
                                            id ->
                                                    JobSpecKey.POINT_IN_TIME_SNAPSHOT_ID.path()
                                                            + ": table "
                                                            + table
                                                            + " has no snapshot "
                                                            + id)
                                    .or(
                                            () ->
                                                    asOf.map(
                                                            instant ->
                                                                    JobSpecKey.POINT_IN_TIME_INSTANT
                                                                                    .path()
                                                                            + ": table "
                                                                            + table
                                                                            + " had no snapshot at "
                                                                            + instant))
                                    .orElse(
                                            "Table "
                                                    + table
                                                    + " has no snapshot: it was never written")
                            + "; list its snapshots with SELECT * FROM "
                            + table
                            + ".history and pick one");
        }
        return found.get(0);
    }

    private static StructType withoutLineage(StructType schema) {
        return new StructType(
                Arrays.stream(schema.fields())
                        .filter(field -> !field.name().equals(SourceSnapshot.LINEAGE_COLUMN))
                        .toArray(org.apache.spark.sql.types.StructField[]::new));
    }

    /**
     * The source as read, its lineage column added, and for Iceberg the snapshot read and when it
     * became current (or the as-of instant it was chosen for).
     */
    private record Read(
            Dataset<Row> rows, Optional<String> snapshotId, Optional<Instant> snapshotInstant) {
        static Read plain(Dataset<Row> rows) {
            return new Read(rows, Optional.empty(), Optional.empty());
        }
    }
}
