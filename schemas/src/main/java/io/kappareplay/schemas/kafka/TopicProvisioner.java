package io.kappareplay.schemas.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates topics idempotently and returns only when every partition answers {@code ListOffsets}.
 *
 * <p>Why wait: an idempotent producer writing into a freshly created topic before its partitions
 * have leaders can spin on {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until its batches expire and
 * records are lost (KAFKA-15591; measured in VERSIONS.md). A partition that answers ListOffsets has
 * a leader that accepts writes.
 *
 * <pre>{@code
 * try (Admin admin = Admin.create(props)) {
 *     new TopicProvisioner(admin, Duration.ofMinutes(1)).ensure("kappa.orders.ingress", 100, Map.of());
 * }
 * }</pre>
 */
public final class TopicProvisioner {
    private static final long RETRY_BACKOFF_MS = 50;

    private final Admin admin;
    private final Duration timeout;

    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * Makes sure {@code topic} exists with {@code partitions} partitions and {@code configs} for a
     * new topic (the cluster's default replication factor), and that every partition answers.
     *
     * @throws TopicMismatchException if the topic exists with another partition count
     */
    public void ensure(String topic, int partitions, Map<String, String> configs) {
        long deadline = System.nanoTime() + timeout.toNanos();
        NewTopic newTopic =
                new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs);
        try {
            await(admin.createTopics(List.of(newTopic)).all(), deadline, "create topic " + topic);
        } catch (KafkaCallException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        int existing = describe(topic, deadline).partitions().size();
        if (existing != partitions) {
            throw new TopicMismatchException(
                    topic,
                    "Topic "
                            + topic
                            + " exists with "
                            + existing
                            + " partitions but "
                            + partitions
                            + " are needed; delete it (kafka-topics.sh --delete --topic "
                            + topic
                            + ") or set the job's ingress partitions to "
                            + existing);
        }
        awaitListOffsets(topic, partitions, deadline);
    }

    /**
     * Describes a topic created a moment ago: until its metadata reaches the broker answering, the
     * topic is "unknown", which is retried until the deadline.
     */
    private TopicDescription describe(String topic, long deadline) {
        while (true) {
            try {
                return await(
                                admin.describeTopics(List.of(topic)).allTopicNames(),
                                deadline,
                                "describe topic " + topic)
                        .get(topic);
            } catch (KafkaCallException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                backOff();
            }
        }
    }

    private void awaitListOffsets(String topic, int partitions, long deadline) {
        List<TopicPartition> pending = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            pending.add(new TopicPartition(topic, partition));
        }
        Throwable lastFailure = null;
        while (!pending.isEmpty()) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            pending.forEach(partition -> request.put(partition, OffsetSpec.latest()));
            var result = admin.listOffsets(request);
            List<TopicPartition> stillPending = new ArrayList<>();
            for (TopicPartition partition : pending) {
                try {
                    await(
                            result.partitionResult(partition),
                            deadline,
                            "list offsets of " + partition);
                } catch (KafkaCallException e) {
                    lastFailure = e.getCause();
                    stillPending.add(partition);
                }
            }
            pending = stillPending;
            if (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaCallException(
                            "Topic "
                                    + topic
                                    + ": "
                                    + pending.size()
                                    + " partition(s) did not answer ListOffsets within "
                                    + timeout
                                    + ", e.g. "
                                    + pending.get(0)
                                    + "; check the broker's health",
                            lastFailure);
                }
                backOff();
            }
        }
    }

    /** Between ListOffsets rounds: partitions of a new topic get leaders within milliseconds. */
    static void backOff() {
        try {
            TimeUnit.MILLISECONDS.sleep(RETRY_BACKOFF_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaCallException("Interrupted while waiting for partitions to answer", e);
        }
    }

    /** Waits for an Admin call until the deadline; failures name {@code operation}. */
    static <T> T await(KafkaFuture<T> future, long deadlineNanos, String operation) {
        long remaining = Math.max(1, deadlineNanos - System.nanoTime());
        try {
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new KafkaCallException(
                    "Cannot " + operation + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaCallException(
                    "Cannot " + operation + ": Kafka did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaCallException("Interrupted while waiting to " + operation, e);
        }
    }
}
