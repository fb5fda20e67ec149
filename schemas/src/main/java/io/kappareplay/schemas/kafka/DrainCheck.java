package io.kappareplay.schemas.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a consumer group has finished a topic: on every partition its committed offset has
 * reached the read_committed end offset (the last stable offset), and no transaction is pending
 * there (see {@link PartitionProgress}). Counting records from offsets would be wrong (transaction
 * markers take offsets), but comparing positions is exact.
 *
 * <p>A consumer that commits "last processed offset + 1" stops one short of a trailing commit
 * marker; committing its position instead (which read_committed fetching moves past markers) lets
 * this check see the partition as drained.
 *
 * <pre>{@code
 * DrainStatus status = new DrainCheck(admin, Duration.ofSeconds(30)).check("kappa.orders", "kappa.orders.ingress");
 * if (status.drained()) { ... }
 * }</pre>
 */
public final class DrainCheck {
    private final Admin admin;
    private final Duration timeout;

    public DrainCheck(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    public DrainStatus check(String group, String topic) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int partitions =
                TopicProvisioner.await(
                                admin.describeTopics(List.of(topic)).allTopicNames(), deadline)
                        .get(topic)
                        .partitions()
                        .size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResultInfo> stable =
                TopicProvisioner.await(
                        admin.listOffsets(
                                        request,
                                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                                .all(),
                        deadline);
        Map<TopicPartition, ListOffsetsResultInfo> highWatermarks =
                TopicProvisioner.await(
                        admin.listOffsets(
                                        request,
                                        new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                                .all(),
                        deadline);
        Map<TopicPartition, OffsetAndMetadata> committed =
                TopicProvisioner.await(
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                        deadline);
        List<PartitionProgress> progress = new ArrayList<>();
        stable.forEach(
                (partition, end) -> {
                    OffsetAndMetadata offset = committed.get(partition);
                    progress.add(
                            new PartitionProgress(
                                    partition.partition(),
                                    offset == null ? 0 : offset.offset(),
                                    end.offset(),
                                    highWatermarks.get(partition).offset()));
                });
        progress.sort(Comparator.comparingInt(PartitionProgress::partition));
        return new DrainStatus(group, topic, progress);
    }
}
