package io.kappareplay.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.local.TestingKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DrainCheckIT {
    private static final String TOPIC = "drain-it";
    private static final int RECORDS = 30;
    private static Map<String, String> client;

    @BeforeAll
    static void publishOneTransaction() {
        client = TestingKafka.shared().clientProperties();
        try (Admin admin = Admin.create(new HashMap<>(client))) {
            new TopicProvisioner(admin, Duration.ofMinutes(1)).ensure(TOPIC, 3, Map.of());
        }
        Map<String, Object> config = new HashMap<>(client);
        config.put("transactional.id", "drain-it-producer");
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 3, "key-" + i, "value-" + i));
            }
            producer.commitTransaction();
        }
    }

    @Test
    void groupThatCommittedItsContiguousPrefixIsDrainedDespiteTrailingMarkers() {
        String group = "drain-it-prefix";
        Map<TopicPartition, OffsetAndMetadata> prefix = consumeAll(group);
        commit(group, prefix);
        // 30 records and one commit marker per partition: the prefix ends one short of each end.
        assertThat(prefix.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                .isEqualTo(RECORDS);

        DrainStatus status = awaitSettled(group);
        assertThat(status.drained()).as(status.toString()).isTrue();
        assertThat(status.lag()).isZero();
        assertThat(status.partitions().stream().mapToLong(PartitionProgress::stableOffset).sum())
                .isEqualTo(RECORDS + 3);
        assertThat(status.partitions()).allMatch(PartitionProgress::onlyControlRecordsAhead);
    }

    @Test
    void groupWithOneUnfinishedRecordIsNotDrained() {
        String group = "drain-it-one-short";
        Map<TopicPartition, OffsetAndMetadata> prefix = consumeAll(group);
        TopicPartition first = new TopicPartition(TOPIC, 0);
        prefix.put(first, new OffsetAndMetadata(prefix.get(first).offset() - 1));
        commit(group, prefix);

        DrainStatus status = awaitSettled(group);
        assertThat(status.drained()).as(status.toString()).isFalse();
        assertThat(status.partitions().get(0).onlyControlRecordsAhead()).isFalse();
        assertThat(status.partitions().get(0).drained()).isFalse();
        assertThat(status.partitions().subList(1, 3)).allMatch(PartitionProgress::drained);
    }

    @Test
    void groupThatConsumedNothingIsNotDrained() {
        DrainStatus status = awaitSettled("drain-it-idle");
        assertThat(status.drained()).isFalse();
        assertThat(status.lag()).isEqualTo(RECORDS + 3);
    }

    @Test
    void groupThatReachedGivenEndsIsDrainedWhileALaterTransactionIsOpen() throws Exception {
        String topic = "drain-it-ends";
        String group = "drain-it-ends-group";
        try (Admin admin = Admin.create(new HashMap<>(client))) {
            new TopicProvisioner(admin, Duration.ofMinutes(1)).ensure(topic, 3, Map.of());
        }
        Map<String, Object> config = new HashMap<>(client);
        config.put("transactional.id", "drain-it-ends-producer");
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>(topic, p, "key", "first"));
                }
            }
            producer.commitTransaction();
            // The publisher goes on: a second transaction stays open during the checks.
            producer.beginTransaction();
            for (int p = 0; p < 3; p++) {
                producer.send(new ProducerRecord<>(topic, p, "key", "second")).get();
            }
            // Records 0-2 and the first commit marker at 3: the replay ends at 4.
            Map<Integer, Long> ends = Map.of(0, 4L, 1, 4L, 2, 4L);
            Map<TopicPartition, OffsetAndMetadata> firstBatch = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                firstBatch.put(new TopicPartition(topic, p), new OffsetAndMetadata(3));
            }
            commit(group, firstBatch);

            try (Admin admin = Admin.create(new HashMap<>(client))) {
                DrainCheck check = new DrainCheck(admin, client, Duration.ofSeconds(30));
                DrainStatus atEnds = check.check(group, topic, ends);
                assertThat(atEnds.drained()).as(atEnds.toString()).isTrue();
                assertThat(atEnds.partitions())
                        .allMatch(PartitionProgress::onlyControlRecordsAhead);

                DrainStatus everything = check.check(group, topic);
                assertThat(everything.drained()).as(everything.toString()).isFalse();
                assertThat(everything.partitions()).allMatch(PartitionProgress::transactionPending);

                DrainStatus beyond = check.check(group, topic, Map.of(0, 5L, 1, 4L, 2, 4L));
                assertThat(beyond.drained()).as("partition 0's end is not settled").isFalse();
                assertThat(beyond.partitions().get(0).settled()).isFalse();

                assertThatThrownBy(() -> check.check(group, topic, Map.of(0, 4L, 1, 4L, 7, 4L)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("every partition of " + topic)
                        .hasMessageContaining("missing [2]")
                        .hasMessageContaining("not in the topic [7]");
            }
            producer.abortTransaction();
        }
    }

    /**
     * Checks until the transaction's markers are written (they follow the commit asynchronously).
     */
    private static DrainStatus awaitSettled(String group) {
        try (Admin admin = Admin.create(new HashMap<>(client))) {
            DrainCheck check = new DrainCheck(admin, client, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            DrainStatus status = check.check(group, TOPIC);
            while (status.partitions().stream().anyMatch(PartitionProgress::transactionPending)
                    && System.nanoTime() < deadline) {
                status = check.check(group, TOPIC);
            }
            return status;
        }
    }

    /** Reads every record and returns, per partition, "last offset + 1": the contiguous prefix. */
    private static Map<TopicPartition, OffsetAndMetadata> consumeAll(String group) {
        Map<String, Object> config = new HashMap<>(client);
        config.put("group.id", group);
        config.put("isolation.level", "read_committed");
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", StringDeserializer.class.getName());
        Map<TopicPartition, OffsetAndMetadata> prefix = new HashMap<>();
        int consumed = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumed < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    prefix.put(
                            new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                    consumed++;
                }
            }
        }
        assertThat(consumed).isEqualTo(RECORDS);
        return prefix;
    }

    private static void commit(String group, Map<TopicPartition, OffsetAndMetadata> offsets) {
        try (Admin admin = Admin.create(new HashMap<>(client))) {
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot commit offsets of " + group, e);
        }
    }
}
