package io.kappareplay.publisher.job;

import static java.util.Objects.requireNonNull;

import io.kappareplay.publisher.contract.ReconciliationReport;
import io.kappareplay.schemas.manifest.IngressManifest;
import java.net.URI;
import java.time.Duration;

/**
 * What a publish run left behind: its manifest (as written to {@code ingress.json}), the pre-flight
 * report, and where the manifest, the rejects and the ledger are.
 *
 * @param manifest the manifest, from the read_committed read-back
 * @param report the pre-flight reconciliation of the source with the contract
 * @param manifestPath {@code <warehouse>/kappa/manifests/<job>/ingress.json}
 * @param rejectsPath {@code <warehouse>/kappa/rejects/job_id=<job>/}
 * @param ledgerPath {@code <warehouse>/kappa/ledger/job_id=<job>/}
 * @param publishTime from the first task's start to the last task's commit (rejects written)
 */
public record PublisherResult(
        IngressManifest manifest,
        ReconciliationReport report,
        URI manifestPath,
        URI rejectsPath,
        URI ledgerPath,
        Duration publishTime) {

    public PublisherResult {
        requireNonNull(manifest, "manifest");
        requireNonNull(report, "report");
        requireNonNull(manifestPath, "manifestPath");
        requireNonNull(rejectsPath, "rejectsPath");
        requireNonNull(ledgerPath, "ledgerPath");
        requireNonNull(publishTime, "publishTime");
    }

    /** Rejected rows per snapshot row; 0 for an empty snapshot. */
    public double rejectRate() {
        return manifest.sourceRows() == 0 ? 0 : (double) manifest.rejects() / manifest.sourceRows();
    }
}
