package io.kappareplay.schemas.spec;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the publisher writes to {@code kappa.<job>.ingress}: {@code ingress} in a spec.
 *
 * <pre>{@code
 * ingress:
 *   contract:
 *     avsc: contracts/order.avsc
 *   column-mapping:
 *     order_ts: orderTime
 *   partitions: 100
 *   reject-budget: 0.001
 * }</pre>
 *
 * @param contract {@code ingress.contract}: the Avro schema records are written with
 * @param columnMapping {@code ingress.column-mapping}: source column to contract field, in spec
 *     order; columns not listed keep their names
 * @param partitions {@code ingress.partitions}: 1 to 10000, default {@value #DEFAULT_PARTITIONS}
 * @param rejectBudget {@code ingress.reject-budget}: the share of rows (0 to 1, default 0) that may
 *     be rejected before the publisher fails
 */
public record IngressSpec(
        SchemaReference contract,
        Map<String, String> columnMapping,
        int partitions,
        double rejectBudget) {

    /** Ingress partitions when the spec sets none (ARCHITECTURE.md, "Contracts"). */
    public static final int DEFAULT_PARTITIONS = 100;

    /** The reject budget when the spec sets none: a single rejected row fails the publisher. */
    public static final double DEFAULT_REJECT_BUDGET = 0.0;

    public IngressSpec {
        requireNonNull(contract, "contract");
        columnMapping = Collections.unmodifiableMap(new LinkedHashMap<>(columnMapping));
        columnMapping.forEach(
                (column, field) -> {
                    requireNonNull(column, "column-mapping column");
                    requireNonNull(field, "column-mapping field");
                });
        Violations violations = new Violations();
        SpecRules.columnMapping(violations, columnMapping);
        SpecRules.partitions(violations, partitions);
        SpecRules.rejectBudget(violations, rejectBudget);
        violations.throwIfAny();
    }

    /** The contract field a source column fills: its mapping, or the column's own name. */
    public String contractField(String column) {
        return columnMapping.getOrDefault(column, column);
    }
}
