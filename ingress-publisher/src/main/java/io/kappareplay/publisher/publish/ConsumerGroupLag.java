package io.kappareplay.publisher.publish;

import io.kappareplay.schemas.kafka.KafkaCallException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * How far a consumer group is behind a topic: over its partitions, the read_committed end offset
 * (the last stable offset) minus the group's committed offset, or minus the log start offset where
 * the group committed none (consumers that have not started yet have all of it ahead).
 *
 * <p>Read_committed ends, not high watermarks: a record of a transaction still open cannot be
 * consumed yet, so counting it would hold publishing back for a backlog no consumer can work off,
 * and a task waiting with its own transaction open would wait for itself. Positions, not records:
 * the figure includes transaction markers (see {@link PublishOptionKey#MAX_CONSUMER_LAG}), which is
 * exact enough for a throttle and costs three Admin calls rather than a read of the topic (the
 * exact count is {@code DrainCheck}'s).
 */
final class ConsumerGroupLag implements LagThrottle.Lag, AutoCloseable {
    private final Admin admin;
    private final String group;
    private final String topic;
    private final Duration timeout;
    private Map<TopicPartition, OffsetSpec> latest;

    /**
     * @param kafkaProperties the job's Kafka client properties
     * @param timeout how long each Admin call may take ({@link PublishOptionKey#ADMIN_TIMEOUT})
     */
    ConsumerGroupLag(
            Map<String, String> kafkaProperties, String group, String topic, Duration timeout) {
        this.admin = Admin.create(new HashMap<>(kafkaProperties));
        this.group = group;
        this.topic = topic;
        this.timeout = timeout;
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public long current() {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (latest == null) {
            // The partition count of a topic being published to does not change.
            int partitions =
                    await(
                                    admin.describeTopics(List.of(topic)).allTopicNames(),
                                    deadline,
                                    "describe " + topic)
                            .get(topic)
                            .partitions()
                            .size();
            latest = new HashMap<>();
            for (int partition = 0; partition < partitions; partition++) {
                latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        await(
                        admin.listOffsets(
                                        latest,
                                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                                .all(),
                        deadline,
                        "list the read_committed end offsets of " + topic)
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        Map<TopicPartition, OffsetAndMetadata> committed = committed(deadline);
        Map<TopicPartition, OffsetSpec> uncommitted = new HashMap<>();
        long lag = 0;
        for (TopicPartition partition : latest.keySet()) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                uncommitted.put(partition, OffsetSpec.earliest());
            } else {
                lag += Math.max(0, ends.get(partition) - offset.offset());
            }
        }
        if (!uncommitted.isEmpty()) {
            for (var start :
                    await(
                                    admin.listOffsets(uncommitted).all(),
                                    deadline,
                                    "list the log start offsets of " + topic)
                            .entrySet()) {
                lag += Math.max(0, ends.get(start.getKey()) - start.getValue().offset());
            }
        }
        return lag;
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(long deadline) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
            await(
                            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                            deadline,
                            "list the committed offsets of group " + group)
                    .forEach(
                            (partition, offset) -> {
                                // A partition the group holds no offset for may be listed as null.
                                if (offset != null && partition.topic().equals(topic)) {
                                    committed.put(partition, offset);
                                }
                            });
            return committed;
        } catch (KafkaCallException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
    }

    private <T> T await(KafkaFuture<T> future, long deadline, String operation) {
        try {
            return future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new KafkaCallException(
                    "Cannot "
                            + operation
                            + " for the lag of group "
                            + group
                            + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaCallException(
                    "Cannot "
                            + operation
                            + " for the lag of group "
                            + group
                            + ": Kafka did not answer within "
                            + timeout
                            + "; check the broker's health, or raise "
                            + PublishOptionKey.ADMIN_TIMEOUT.key(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaCallException(
                    "Interrupted while waiting to " + operation + " for the lag of group " + group,
                    e);
        }
    }

    @Override
    public void close() {
        admin.close(timeout);
    }
}
