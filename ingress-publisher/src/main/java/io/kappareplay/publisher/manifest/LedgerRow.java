package io.kappareplay.publisher.manifest;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Instant;

/**
 * One committed ingress record as the ledger {@code kappa/ledger/job_id=<job>/} keeps it, so that
 * reconciliation can name every record, missing or duplicated, after the topic has expired.
 *
 * @param key the record's key, the business key
 * @param lineage the {@code kappa.lineage} header, the source row's identity; null if the record
 *     has none (a record the publisher did not write)
 * @param partition the Kafka partition
 * @param offset the record's offset in it
 * @param publishTime the record's timestamp: when the task sent it (the topic's {@code CreateTime})
 */
public record LedgerRow(String key, String lineage, int partition, long offset, Instant publishTime)
        implements Serializable {
    public LedgerRow {
        requireNonNull(key, "key");
        requireNonNull(publishTime, "publishTime");
    }
}
