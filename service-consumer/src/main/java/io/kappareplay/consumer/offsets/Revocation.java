package io.kappareplay.consumer.offsets;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Partitions taken away from this instance (revoked, lost, or all of them at shutdown) whose
 * in-flight records may still finish. The poll thread waits for them within a bound, then commits
 * what finished; whatever has not finished by then is abandoned: not committed, so the next owner
 * replays it.
 *
 * <p>Threading: all methods are called by the poll thread (inside the rebalance listener or at
 * shutdown); completions keep arriving from worker threads until {@link #finish}.
 *
 * <pre>{@code
 * public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
 *     Revocation revocation = offsets.revoke(partitions);
 *     for (Work waiting : scheduler.dropPartitions(partitions)) {   // never started
 *         waiting.pending().abandon();
 *         waiting.permit().release();
 *     }
 *     if (!revocation.awaitCompletion(revokeTimeout)) {
 *         log.warn("abandoning unfinished records {}", revocation.awaitedOffsets());
 *     }
 *     consumer.commitSync(revocation.finish().offsets());
 * }
 * }</pre>
 */
public final class Revocation {
    private final Map<TopicPartition, PartitionOffsets> revoked;
    private boolean finished;

    Revocation(Map<TopicPartition, PartitionOffsets> revoked) {
        this.revoked = new LinkedHashMap<>(revoked);
    }

    public Set<TopicPartition> partitions() {
        return revoked.keySet();
    }

    /**
     * Per revoked partition, the offsets of records still awaited (neither finished nor abandoned).
     */
    public Map<TopicPartition, List<Long>> awaitedOffsets() {
        Map<TopicPartition, List<Long>> awaited = new LinkedHashMap<>();
        revoked.forEach(
                (partition, offsets) -> {
                    List<Long> partitionAwaited = offsets.awaitedOffsets();
                    if (!partitionAwaited.isEmpty()) {
                        awaited.put(partition, partitionAwaited);
                    }
                });
        return awaited;
    }

    /**
     * Waits until every record of the revoked partitions is finished or abandoned, or the timeout
     * passes; the bound keeps a rebalance within the group's limits.
     *
     * @return true if nothing is awaited any more, false if the timeout passed first
     */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (PartitionOffsets offsets : revoked.values()) {
            if (!offsets.awaitNothingAwaited(deadline)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Ends the revocation: returns the last offsets to commit for these partitions (only those that
     * moved) and abandons what is still unfinished; completions arriving later are ignored. For
     * lost partitions, call it and commit nothing: they belong to another member already.
     *
     * @throws IllegalStateException if called twice
     */
    public CommittableOffsets finish() {
        if (finished) {
            throw new IllegalStateException(
                    "revocation of " + revoked.keySet() + " was already finished");
        }
        finished = true;
        Map<TopicPartition, OffsetAdvance> advances = new LinkedHashMap<>();
        revoked.forEach(
                (partition, offsets) -> {
                    offsets.takeAdvance().ifPresent(advance -> advances.put(partition, advance));
                    offsets.close();
                });
        return new CommittableOffsets(advances);
    }
}
