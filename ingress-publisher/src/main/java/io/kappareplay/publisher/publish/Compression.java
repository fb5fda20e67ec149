package io.kappareplay.publisher.publish;

import java.util.Locale;

/**
 * The producer's {@code compression.type} for ingress batches. {@link PublishOptionKey#COMPRESSION}
 * says which is the default and why.
 */
public enum Compression {
    LZ4,
    ZSTD,
    NONE;

    /** The name in options and in Kafka's {@code compression.type}, e.g. {@code lz4}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
