package io.kappareplay.schemas.spec;

/**
 * What reconciliation tolerates before it fails a job: {@code reconciliation} in a spec.
 *
 * <pre>{@code
 * reconciliation:
 *   max-missing: 0
 *   max-duplicates: 10
 * }</pre>
 *
 * @param maxMissing {@code reconciliation.max-missing}: ingress records that may be absent from
 *     both egress and DLQ (default 0)
 * @param maxDuplicates {@code reconciliation.max-duplicates}: outputs that may land more than once
 *     (default 0)
 */
public record ReconciliationTolerances(long maxMissing, long maxDuplicates) {

    /** The tolerances when the spec sets none: nothing missing, nothing twice. */
    public static final ReconciliationTolerances NONE = new ReconciliationTolerances(0, 0);

    public ReconciliationTolerances {
        Violations violations = new Violations();
        SpecRules.tolerance(violations, JobSpecKey.RECONCILIATION_MAX_MISSING, maxMissing);
        SpecRules.tolerance(violations, JobSpecKey.RECONCILIATION_MAX_DUPLICATES, maxDuplicates);
        violations.throwIfAny();
    }
}
