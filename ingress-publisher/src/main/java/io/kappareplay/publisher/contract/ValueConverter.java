package io.kappareplay.publisher.contract;

/**
 * Turns one non-null value of a Spark {@code Row} into the Avro representation of its contract
 * field, or throws {@link ValueRejection}. Built once per field by {@link ConversionPlanner}, so
 * that the per-row work is a chain of direct calls with nothing to look up.
 */
@FunctionalInterface
interface ValueConverter {
    Object convert(Object value);

    /** This converter behind a null check: null passes through as null. */
    static ValueConverter nullable(ValueConverter converter) {
        return value -> value == null ? null : converter.convert(value);
    }

    /** This converter behind a null check: null is rejected, never replaced by a default. */
    static ValueConverter required(ValueConverter converter) {
        return value -> {
            if (value == null) {
                throw new ValueRejection(
                        RejectReason.NULL_IN_REQUIRED_FIELD,
                        null,
                        "is null, and the contract field does not take null",
                        "fill the value in the source, or make the field nullable in the contract"
                                + " ([\"null\", ...] with \"default\": null)");
            }
            return converter.convert(value);
        };
    }
}
