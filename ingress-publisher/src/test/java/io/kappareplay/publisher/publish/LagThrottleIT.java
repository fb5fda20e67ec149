package io.kappareplay.publisher.publish;

import static io.kappareplay.publisher.publish.TestIngress.SNAPSHOT;
import static io.kappareplay.publisher.publish.TestIngress.kafka;
import static io.kappareplay.publisher.publish.TestIngress.readBack;
import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.schemas.kafka.TopicProvisioner;
import io.kappareplay.schemas.naming.JobNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The closed loop against the real broker: the lag is read from the group's committed offsets and
 * the read_committed ends, a task waits while it is above the bound, and committing up to the end
 * lets it go on.
 */
class LagThrottleIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    /** Commits {@code offsets} for the group, as its consumers would. */
    private static void commit(Admin admin, String group, Map<TopicPartition, Long> offsets)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        offsets.forEach(
                (partition, offset) -> committed.put(partition, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, committed).all().get(1, TimeUnit.MINUTES);
    }

    /** The read_committed end of every partition of {@code topic}. */
    private static Map<TopicPartition, Long> ends(Admin admin, String topic, int partitions)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(1, TimeUnit.MINUTES)
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    @Test
    void theLagCountsFromTheCommittedOffsetOrFromTheStart() throws Exception {
        JobNames names = JobNames.of("lag-figures");
        String topic = names.ingressTopic();
        // Not idempotent: an idempotent producer into a new topic can lose records (VERSIONS.md).
        Map<String, Object> config = new HashMap<>(kafka());
        config.put("enable.idempotence", "false");
        config.put("max.in.flight.requests.per.connection", "1");
        try (Admin admin = Admin.create(new HashMap<>(kafka()));
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(
                                config, new ByteArraySerializer(), new ByteArraySerializer());
                ConsumerGroupLag lag =
                        new ConsumerGroupLag(kafka(), names.consumerGroup(), topic, TIMEOUT)) {
            new TopicProvisioner(admin, TIMEOUT).ensure(topic, 3, Map.of());
            assertThat(lag.current()).isZero();
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int partition = 0; partition < 3; partition++) {
                for (int i = 0; i < 100; i++) {
                    sends.add(
                            producer.send(
                                    new ProducerRecord<>(
                                            topic,
                                            partition,
                                            null,
                                            ("value-" + i).getBytes(StandardCharsets.UTF_8))));
                }
            }
            for (Future<RecordMetadata> send : sends) {
                send.get(1, TimeUnit.MINUTES);
            }

            assertThat(lag.current()).as("no consumer has committed").isEqualTo(300);
            commit(
                    admin,
                    names.consumerGroup(),
                    Map.of(new TopicPartition(topic, 0), 10L, new TopicPartition(topic, 1), 60L));
            // Partition 2 has no committed offset: all 100 of it are ahead of the group.
            assertThat(lag.current()).isEqualTo(90 + 40 + 100);
        }
    }

    @Test
    void aTaskWaitsWhileTheGroupIsBehindAndGoesOnOnceItCommitsToTheEnd() throws Exception {
        JobNames names = JobNames.of("lag-throttled");
        int partitions = 4;
        new IngressTopicGuard(kafka(), PublishOptions.defaults()).prepare(names, partitions);
        PublishOptions throttled =
                PublishOptions.fromProperties(
                        Map.of(
                                "kappa.publisher.max-consumer-lag", "100",
                                "kappa.publisher.lag-check-interval", "200ms",
                                "kappa.publisher.max-lag-wait", "2m"));
        PartitionPublisher publisher =
                new PartitionPublisher(names.jobId(), SNAPSHOT, kafka(), throttled);
        // The first task finds no backlog and publishes 5,000 records that no consumer reads.
        publisher.publish(0, TestIngress.task(0, 5_000).iterator());

        CompletableFuture<PartitionPublishResult> second =
                CompletableFuture.supplyAsync(
                        () -> publisher.publish(1, TestIngress.task(1, 5_000).iterator()));
        Thread.sleep(3_000);
        assertThat(second).as("the second task waits for the consumers").isNotDone();
        assertThat(readBack(names.ingressTopic()).ledger()).hasSize(5_000);

        try (Admin admin = Admin.create(new HashMap<>(kafka()))) {
            commit(admin, names.consumerGroup(), ends(admin, names.ingressTopic(), partitions));
        }
        long released = System.nanoTime();
        PartitionPublishResult result = second.get(1, TimeUnit.MINUTES);

        System.out.printf(
                "The second task went on %d ms after the group committed to the end%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released));
        assertThat(result.records()).isEqualTo(5_000);
        assertThat(readBack(names.ingressTopic()).ledger()).hasSize(10_000);
    }
}
