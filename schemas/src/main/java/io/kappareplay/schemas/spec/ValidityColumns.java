package io.kappareplay.schemas.spec;

/**
 * The SCD2 columns of a slowly changing dimension: a row is the version valid at instant {@code t}
 * when {@code validFrom <= t} and ({@code validTo} is null or {@code t < validTo}).
 *
 * @param validFrom {@code source.point-in-time.valid-from-column}
 * @param validTo {@code source.point-in-time.valid-to-column}
 */
public record ValidityColumns(String validFrom, String validTo) {

    public ValidityColumns {
        Violations violations = new Violations();
        SpecRules.column(violations, JobSpecKey.POINT_IN_TIME_VALID_FROM_COLUMN, validFrom);
        SpecRules.column(violations, JobSpecKey.POINT_IN_TIME_VALID_TO_COLUMN, validTo);
        violations.throwIfAny();
    }
}
