package io.kappareplay.publisher.contract;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One line of the {@link ReconciliationReport}: what was found about a contract field, a source
 * column or both, e.g. {@code LOSSY_CONVERSION amount (column amt) decimal(20,4) -> decimal(10,2):
 * values with more than 2 decimal places or 8 integer digits are rejected}.
 *
 * @param kind what was found; it carries the severity
 * @param field the contract field's path, e.g. {@code address.city}, {@code items[].sku} (array
 *     elements) or {@code attributes{}} (map values); empty for a column that fills no field
 * @param column the source column's path, named as in the source before any mapping; empty for a
 *     field that no column fills
 * @param sourceType the column's Spark type, e.g. {@code decimal(20,4)}, when there is a column
 * @param contractType the field's Avro type, e.g. {@code timestamp-millis or null}, when there is a
 *     field
 * @param detail what happens to the rows and what to do about it
 */
public record Finding(
        FindingKind kind,
        Optional<String> field,
        Optional<String> column,
        Optional<String> sourceType,
        Optional<String> contractType,
        String detail) {

    public Finding {
        requireNonNull(kind, "kind");
        requireNonNull(field, "field");
        requireNonNull(column, "column");
        requireNonNull(sourceType, "sourceType");
        requireNonNull(contractType, "contractType");
        requireNonNull(detail, "detail");
        if (field.isEmpty() && column.isEmpty()) {
            throw new IllegalArgumentException(
                    "A finding names a field, a column or both: " + kind + ": " + detail);
        }
    }

    public Severity severity() {
        return kind.severity();
    }

    /**
     * One line, e.g. {@code ERROR TYPE_MISMATCH field created (timestamp-millis), column created
     * (timestamp_ntz): ...}.
     */
    public String message() {
        StringBuilder line = new StringBuilder().append(severity()).append(' ').append(kind);
        field.ifPresent(
                f ->
                        line.append(" field ")
                                .append(f)
                                .append(contractType.map(t -> " (" + t + ")").orElse("")));
        column.ifPresent(
                c ->
                        line.append(field.isPresent() ? ", column " : " column ")
                                .append(c)
                                .append(sourceType.map(t -> " (" + t + ")").orElse("")));
        return line.append(": ").append(detail).toString();
    }

    @Override
    public String toString() {
        return message();
    }
}
