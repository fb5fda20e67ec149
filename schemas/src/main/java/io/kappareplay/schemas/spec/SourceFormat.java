package io.kappareplay.schemas.spec;

/** How the source is stored; decides whether it is named by a path or a table. */
public enum SourceFormat {
    /** Parquet files under {@code source.path}. */
    PARQUET,
    /** CSV files under {@code source.path}; see {@link CsvOptions}. */
    CSV,
    /** A Hive table named by {@code source.table}. */
    HIVE,
    /** An Iceberg table named by {@code source.table}; the one format with time travel. */
    ICEBERG;

    /** How the format is written in a spec, e.g. {@code parquet}. */
    public String key() {
        return SpecRules.key(this);
    }

    /** Whether the source is named by {@code source.path} (else by {@code source.table}). */
    public boolean readsPath() {
        return this == PARQUET || this == CSV;
    }
}
