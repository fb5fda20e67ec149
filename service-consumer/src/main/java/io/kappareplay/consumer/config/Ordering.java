package io.kappareplay.consumer.config;

/**
 * Which records of a partition may be handled at the same time: {@code kappa.consumer.ordering}.
 *
 * <pre>{@code
 * --ordering key   # KAPPA_CONSUMER_ORDERING=key
 * }</pre>
 */
public enum Ordering {
    /** Any record may run beside any other: the most concurrency, for services that don't care. */
    UNORDERED,
    /** Records with the same key run one at a time, in offset order; other keys go on meanwhile. */
    KEY,
    /** The records of a partition run one at a time, in offset order. */
    PARTITION
}
