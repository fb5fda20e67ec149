package io.kappareplay.publisher.contract;

/** Why a value could not fill its contract field; each rejected field of a row names one. */
public enum RejectReason {
    /** Null into a field that does not take null. A default is never used instead. */
    NULL_IN_REQUIRED_FIELD,
    /** A number outside the field type's range, e.g. a long beyond {@code int}. */
    OUT_OF_RANGE,
    /**
     * A number the field's type would change, e.g. a {@code double} with more digits than a {@code
     * float} holds.
     */
    NOT_EXACT,
    /** A decimal with more decimal places than the field's scale: it would have to be rounded. */
    SCALE_EXCEEDED,
    /** A decimal with more integer digits than the field's precision minus its scale. */
    PRECISION_EXCEEDED,
    /** Text that is not a value of the field's type, e.g. {@code 12,5} for a decimal. */
    UNPARSEABLE_TEXT,
    /** Text for an instant without a zone offset: which instant it means depends on a time zone. */
    TEXT_WITHOUT_OFFSET,
    /** Text that is not one of the enum's symbols. */
    UNKNOWN_ENUM_SYMBOL,
    /** Bytes whose length is not the fixed type's size. */
    WRONG_FIXED_SIZE,
    /**
     * The built record broke the contract in the last check, {@link ContractValidator}: a defect of
     * the coercion, never of the data, reported as a reject so that the record is not published.
     */
    CONTRACT_VALIDATION,
    /**
     * The column the point in time cuts by (event time, version, start of validity) is null or not
     * an instant: the row cannot be placed inside or outside the snapshot.
     */
    NO_POINT_IN_TIME
}
