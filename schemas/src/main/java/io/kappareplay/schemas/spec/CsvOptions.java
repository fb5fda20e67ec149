package io.kappareplay.schemas.spec;

/**
 * How CSV sources are read.
 *
 * @param header whether the first line names the columns ({@code source.csv.header}, default true)
 * @param delimiter the column separator ({@code source.csv.delimiter}, default {@code ,})
 */
public record CsvOptions(boolean header, char delimiter) {

    /** The options of a CSV source that sets none: a header line, comma-separated. */
    public static final CsvOptions DEFAULT = new CsvOptions(true, ',');

    public CsvOptions {
        Violations violations = new Violations();
        SpecRules.delimiter(violations, String.valueOf(delimiter));
        violations.throwIfAny();
    }
}
