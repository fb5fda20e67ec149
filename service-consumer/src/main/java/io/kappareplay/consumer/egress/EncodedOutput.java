package io.kappareplay.consumer.egress;

import java.util.Objects;

/**
 * One handler output, already encoded in the Confluent wire format.
 *
 * @param key the egress key in UTF-8, or null for the input's key
 * @param value the encoded value
 */
public record EncodedOutput(byte[] key, byte[] value) {
    public EncodedOutput {
        Objects.requireNonNull(value, "value");
    }
}
