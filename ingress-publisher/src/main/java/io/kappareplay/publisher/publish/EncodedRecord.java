package io.kappareplay.publisher.publish;

import static java.util.Objects.requireNonNull;

/**
 * One source row, ready to publish: its business key, its value already encoded to the contract in
 * Confluent's wire format, and its lineage (the identity of the source row, which the ledger and
 * reconciliation use to name it). {@code value} is handed over, not copied.
 *
 * @param key the business key; every record of one key lands on one Kafka partition
 * @param value magic byte 0, the schema id, then the Avro binary body
 * @param lineage the source row's identity, e.g. {@code s3a://lake/orders/part-0007.parquet#1234}
 */
public record EncodedRecord(String key, byte[] value, String lineage) {
    public EncodedRecord {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        requireNonNull(lineage, "lineage");
    }
}
