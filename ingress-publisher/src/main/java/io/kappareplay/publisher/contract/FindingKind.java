package io.kappareplay.publisher.contract;

/** What the pre-flight reconciliation found about one field or column, with its severity. */
public enum FindingKind {
    /** A contract field that no column fills and that has no default. */
    MISSING_FIELD(Severity.ERROR),
    /** A column whose type cannot fill its field, for any value. */
    TYPE_MISMATCH(Severity.ERROR),
    /**
     * A contract type the publisher does not fill from Spark columns: a union with more than one
     * non-null branch, or a logical type such as {@code time-millis} that Spark 4.0 has no type
     * for.
     */
    UNSUPPORTED_CONTRACT_TYPE(Severity.ERROR),
    /** An {@code ingress.column-mapping} entry whose column the source does not have. */
    UNKNOWN_MAPPED_COLUMN(Severity.ERROR),
    /** Two columns that would fill the same field, through the mapping or their own names. */
    DUPLICATE_FIELD_SOURCE(Severity.ERROR),
    /** {@code source.key-column} is not a column of the source. */
    MISSING_KEY_COLUMN(Severity.ERROR),
    /**
     * The column's type holds values the field's type cannot (e.g. {@code long} into {@code int},
     * {@code double} into {@code float}, a decimal with more scale or integer digits): such values
     * are rejected, never rounded.
     */
    LOSSY_CONVERSION(Severity.WARNING),
    /** A text column parsed into the field's type: text that does not parse is rejected. */
    PARSED_FROM_TEXT(Severity.WARNING),
    /**
     * The field keeps less sub-second precision than the column (microseconds into {@code
     * timestamp-millis}): the finer digits are floored, the one change coercion makes to a value.
     */
    TRUNCATED_PRECISION(Severity.WARNING),
    /** A nullable column fills a field that does not take null: rows holding null are rejected. */
    NULLS_REJECTED(Severity.WARNING),
    /** A column that fills no contract field: it is not published. */
    UNMAPPED_COLUMN(Severity.WARNING),
    /** A contract field that no column fills: every record gets the field's default. */
    FILLED_WITH_DEFAULT(Severity.INFO);

    private final Severity severity;

    FindingKind(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }
}
