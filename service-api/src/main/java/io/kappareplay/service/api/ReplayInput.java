package io.kappareplay.service.api;

import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * One input record: the row of the snapshot, validated against the job's ingress contract.
 *
 * @param key the business key (the Kafka record key)
 * @param value the row as a record of the ingress contract's schema
 */
public record ReplayInput(String key, GenericRecord value) {
    public ReplayInput {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
