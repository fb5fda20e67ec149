package io.kappareplay.publisher.contract;

import static java.util.Objects.requireNonNull;

/**
 * The source cannot fill the contract for any row: the pre-flight reconciliation found errors (its
 * {@link ReconciliationReport#verdict()} is {@link Verdict#STOP}). Permanent: running again fails
 * the same way until the source, the {@code ingress.column-mapping} or the contract changes. The
 * message is the whole report.
 */
public final class ContractMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ReconciliationReport report;

    public ContractMismatchException(ReconciliationReport report) {
        super(
                "The source does not fit contract "
                        + requireNonNull(report, "report").contract()
                        + "; nothing was published:\n"
                        + report.toTable());
        this.report = report;
    }

    public ReconciliationReport report() {
        return report;
    }
}
