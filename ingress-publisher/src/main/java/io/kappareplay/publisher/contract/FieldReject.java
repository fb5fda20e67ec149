package io.kappareplay.publisher.contract;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Why one field of a row did not make it into the contract record, e.g. {@code amount (column amt):
 * '12.345' has 3 decimal places; decimal(10,2) keeps 2 and would round it; fix the source value or
 * give the contract field a larger scale}.
 *
 * @param field the contract field's path: {@code address.city}, {@code items[2].sku} (array element
 *     2), {@code attributes{color}} (the map value under key {@code color})
 * @param column the source column's path, when the value came from one (the last check, {@link
 *     RejectReason#CONTRACT_VALIDATION}, looks at the record only)
 * @param reason why, as a type a rejects table can be grouped by
 * @param value the offending value as text (cut to a few hundred characters), empty for null
 * @param problem what is wrong with the value
 * @param fix what would make the row publish
 */
public record FieldReject(
        String field,
        Optional<String> column,
        RejectReason reason,
        Optional<String> value,
        String problem,
        String fix) {

    public FieldReject {
        requireNonNull(field, "field");
        requireNonNull(column, "column");
        requireNonNull(reason, "reason");
        requireNonNull(value, "value");
        requireNonNull(problem, "problem");
        requireNonNull(fix, "fix");
    }

    /**
     * One line: {@code field (column c): 'value' problem; fix}; the column is named when its path
     * differs from the field's.
     */
    public String message() {
        return field
                + column.filter(c -> !c.equals(field)).map(c -> " (column " + c + ")").orElse("")
                + ": "
                + value.map(v -> "'" + v + "' ").orElse("")
                + problem
                + "; "
                + fix;
    }

    @Override
    public String toString() {
        return message();
    }
}
