package io.kappareplay.publisher.publish;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one task's committed transaction held, as the producer's acknowledgements reported it: for
 * the task's log line and the job's progress, never for the manifest. The manifest is read back
 * read_committed, because a task that committed and was then retried publishes its partition twice
 * and both of its results are lost with the first attempt's task.
 *
 * @param sparkPartition the Spark partition the task published
 * @param transactionalId the producer's transactional id, {@code kappa.<job>.publisher.<partition>}
 * @param records records committed
 * @param keyChecksum the sum, mod 2^64, of {@link io.kappareplay.schemas.naming.KeyChecksum} of
 *     each record's key: this task's share of the manifest's checksum
 * @param kafkaPartitions per Kafka partition, the records acknowledged and their offsets
 * @param elapsed from the first send (after {@code initTransactions}) to the commit
 */
public record PartitionPublishResult(
        int sparkPartition,
        String transactionalId,
        long records,
        long keyChecksum,
        SortedMap<Integer, SentRange> kafkaPartitions,
        Duration elapsed)
        implements Serializable {

    public PartitionPublishResult {
        requireNonNull(transactionalId, "transactionalId");
        requireNonNull(elapsed, "elapsed");
        kafkaPartitions = Collections.unmodifiableSortedMap(new TreeMap<>(kafkaPartitions));
    }

    /**
     * The records of one Kafka partition that the broker acknowledged, and the offsets of the first
     * and last of them; other tasks' records and transaction markers may lie in between.
     */
    public record SentRange(long records, long firstOffset, long lastOffset)
            implements Serializable {}

    /** Records per second over {@link #elapsed}; 0 for an empty partition. */
    public double recordsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : records * 1e9 / nanos;
    }
}
