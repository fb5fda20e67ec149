package io.kappareplay.schemas.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where the snapshot is read from: {@code source} in a spec.
 *
 * <pre>{@code
 * source:
 *   format: parquet
 *   path: hdfs://namenode:8020/data/customers
 *   key-column: customer_id
 *   point-in-time:
 *     mode: as-of
 *     instant: 2024-06-30T00:00:00Z
 *     valid-from-column: valid_from
 *     valid-to-column: valid_to
 * }</pre>
 *
 * @param format {@code source.format}
 * @param path {@code source.path}: present exactly for parquet and csv
 * @param table {@code source.table}: present exactly for hive and iceberg
 * @param csv {@code source.csv}: present exactly for csv ({@link CsvOptions#DEFAULT} if the spec
 *     sets none)
 * @param keyColumn {@code source.key-column}: the business key, which becomes the record key
 * @param pointInTime {@code source.point-in-time}
 */
public record SourceSpec(
        SourceFormat format,
        Optional<String> path,
        Optional<String> table,
        Optional<CsvOptions> csv,
        String keyColumn,
        PointInTime pointInTime) {

    public SourceSpec {
        requireNonNull(format, "format");
        requireNonNull(path, "path");
        requireNonNull(table, "table");
        requireNonNull(csv, "csv");
        requireNonNull(pointInTime, "pointInTime");
        Violations violations = new Violations();
        SpecRules.location(violations, format, path.orElse(null), table.orElse(null));
        SpecRules.csv(violations, format, csv.isPresent());
        SpecRules.column(violations, JobSpecKey.SOURCE_KEY_COLUMN, keyColumn);
        if (pointInTime instanceof PointInTime.AsOf asOf) {
            SpecRules.asOf(
                    violations,
                    format,
                    asOf.instant(),
                    asOf.snapshotId(),
                    asOf.validity().isPresent());
        }
        violations.throwIfAny();
    }
}
