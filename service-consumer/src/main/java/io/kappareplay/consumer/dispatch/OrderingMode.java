package io.kappareplay.consumer.dispatch;

/** Which records of a job may run at the same time; {@link OrderingScheduler} enforces it. */
public enum OrderingMode {
    /** Any record may run beside any other: the most parallelism, no order. The default. */
    UNORDERED,
    /**
     * Records of the same key (within a partition, where a key always lands) run one at a time, in
     * offset order; records of different keys run in parallel.
     */
    KEY,
    /** Records of the same partition run one at a time, in offset order. */
    PARTITION
}
