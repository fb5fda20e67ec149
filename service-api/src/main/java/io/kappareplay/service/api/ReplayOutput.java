package io.kappareplay.service.api;

import java.util.Objects;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;

/**
 * One output of a handler, written to the job's egress topic. Its key defaults to the input's, so
 * the outputs of one business key stay on one partition.
 *
 * @param key the egress record key, or empty for the input's key
 * @param value a record of the handler's output schema
 */
public record ReplayOutput(Optional<String> key, GenericRecord value) {
    public ReplayOutput {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** An output keyed like its input. */
    public static ReplayOutput of(GenericRecord value) {
        return new ReplayOutput(Optional.empty(), value);
    }

    /** An output with a key of its own. */
    public static ReplayOutput keyed(String key, GenericRecord value) {
        return new ReplayOutput(Optional.of(key), value);
    }
}
