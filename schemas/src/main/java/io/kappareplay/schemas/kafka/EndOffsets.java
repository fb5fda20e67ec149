package io.kappareplay.schemas.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The end offsets of every partition of a topic, as read_committed or read_uncommitted see them.
 */
final class EndOffsets {
    private EndOffsets() {}

    /** Every partition of {@code topic}, asked for its latest offset. */
    static Map<TopicPartition, OffsetSpec> latestOfEveryPartition(
            Admin admin, String topic, long deadline, String purpose) {
        int partitions =
                TopicProvisioner.await(
                                admin.describeTopics(List.of(topic)).allTopicNames(),
                                deadline,
                                "describe topic " + topic + " " + purpose)
                        .get(topic)
                        .partitions()
                        .size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        return request;
    }

    static Map<TopicPartition, Long> of(
            Admin admin,
            Map<TopicPartition, OffsetSpec> request,
            IsolationLevel isolation,
            long deadline,
            String operation) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        TopicProvisioner.await(
                        admin.listOffsets(request, new ListOffsetsOptions(isolation)).all(),
                        deadline,
                        operation)
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }
}
