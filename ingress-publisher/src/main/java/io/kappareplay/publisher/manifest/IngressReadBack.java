package io.kappareplay.publisher.manifest;

import static java.util.Objects.requireNonNull;

import io.kappareplay.schemas.manifest.PartitionSummary;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the ingress topic back as a read_committed consumer sees it, once publishing is done: the
 * one source of the manifest's counts, offsets and checksums and of the ledger's rows. Counting
 * what tasks reported would miss what a read_committed reader actually gets (a task that committed
 * and was retried published twice), and offset arithmetic would count transaction markers and
 * aborted records.
 *
 * <p>The read stops at end offsets fixed before it starts ({@link #settledEndOffsets}), so the
 * manifest and the ledger describe the same records even if someone writes to the topic meanwhile.
 * Serializable, so that a Spark job can fix the end offsets on the driver and read the partitions
 * on executors, each task a {@link LedgerCursor} over some of them.
 *
 * <pre>{@code
 * IngressReadBack readBack = new IngressReadBack(kafkaProperties, "kappa.orders.ingress", Duration.ofMinutes(30));
 * List<PartitionSummary> partitions = readBack.readAll(row -> ledger.add(row));
 * }</pre>
 */
public final class IngressReadBack implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long BACKOFF_MILLIS = 50;

    private final Map<String, String> kafkaProperties;
    private final String topic;
    private final Duration timeout;

    /**
     * @param kafkaProperties the job's Kafka client properties ({@code bootstrap.servers},
     *     security)
     * @param timeout how long {@link #settledEndOffsets} may wait, and how long each cursor's read
     *     may take
     */
    public IngressReadBack(Map<String, String> kafkaProperties, String topic, Duration timeout) {
        this.kafkaProperties = Collections.unmodifiableMap(new LinkedHashMap<>(kafkaProperties));
        this.topic = requireNonNull(topic, "topic");
        this.timeout = requireNonNull(timeout, "timeout");
    }

    public String topic() {
        return topic;
    }

    /**
     * Both end offsets of every partition, once no transaction is open on any of them or, failing
     * that, as they are when the timeout ends: then {@link TopicEnds#openPartitions()} names the
     * partitions whose transaction stayed open. Right after a commit its markers are still being
     * written, and an end offset read then would cut the last transaction off; this waits for them
     * (decision 0004 applies the same rule to the drain check).
     *
     * @throws ReadBackException if the topic does not exist or Kafka does not answer in time
     */
    public TopicEnds settledEnds() {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(new HashMap<>(kafkaProperties))) {
            while (true) {
                TopicEnds ends = ends(admin, deadline);
                if (ends.openPartitions().isEmpty() || System.nanoTime() > deadline) {
                    return ends;
                }
                sleep();
            }
        }
    }

    /**
     * The read_committed end offset of every partition once no transaction is open on any of them
     * ({@link #settledEnds()}): where a read-back stops.
     *
     * @throws ReadBackException if a transaction stays open past the timeout
     */
    public SortedMap<Integer, Long> settledEndOffsets() {
        TopicEnds ends = settledEnds();
        List<Integer> open = ends.openPartitions();
        if (!open.isEmpty()) {
            throw new ReadBackException(
                    "Cannot read back "
                            + topic
                            + ": a transaction stays open on partition(s) "
                            + open
                            + " past "
                            + timeout
                            + ". A publisher task is still running or died with its transaction"
                            + " open; wait until it ends or the broker aborts it"
                            + " (kappa.publisher.transaction-timeout), then read again",
                    null);
        }
        return ends.stable();
    }

    /**
     * A cursor over the committed records of the given partitions, each up to its end offset (from
     * {@link #settledEndOffsets}). Close it when done.
     */
    public LedgerCursor open(Map<Integer, Long> endOffsets) {
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.put("isolation.level", "read_committed");
        config.put("enable.auto.commit", "false");
        config.remove("group.id");
        config.putIfAbsent("client.id", topic + ".read-back");
        return new LedgerCursor(config, topic, endOffsets, timeout);
    }

    /**
     * Reads every partition to its settled end offset in this JVM, handing each ledger row to
     * {@code ledger} in offset order per partition.
     *
     * @return the summary of every partition, in partition order
     */
    public List<PartitionSummary> readAll(Consumer<LedgerRow> ledger) {
        try (LedgerCursor cursor = open(settledEndOffsets())) {
            cursor.forEachRemaining(ledger);
            return cursor.summaries();
        }
    }

    private TopicEnds ends(Admin admin, long deadline) {
        int partitions =
                await(admin.describeTopics(List.of(topic)).allTopicNames(), deadline, "describe")
                        .get(topic)
                        .partitions()
                        .size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        return new TopicEnds(
                endOffsets(admin, request, IsolationLevel.READ_COMMITTED, deadline),
                endOffsets(admin, request, IsolationLevel.READ_UNCOMMITTED, deadline));
    }

    private SortedMap<Integer, Long> endOffsets(
            Admin admin,
            Map<TopicPartition, OffsetSpec> request,
            IsolationLevel isolation,
            long deadline) {
        SortedMap<Integer, Long> offsets = new TreeMap<>();
        await(
                        admin.listOffsets(request, new ListOffsetsOptions(isolation)).all(),
                        deadline,
                        "list the end offsets of")
                .forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
        return offsets;
    }

    private <T> T await(KafkaFuture<T> future, long deadline, String operation) {
        try {
            return future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new ReadBackException(
                    "Cannot " + operation + " " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new ReadBackException(
                    "Cannot "
                            + operation
                            + " "
                            + topic
                            + ": Kafka did not answer within "
                            + timeout
                            + "; check the broker's health",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadBackException(
                    "Interrupted while waiting to " + operation + " " + topic, e);
        }
    }

    private void sleep() {
        try {
            TimeUnit.MILLISECONDS.sleep(BACKOFF_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadBackException(
                    "Interrupted while waiting for the transactions on " + topic + " to end", e);
        }
    }
}
