package io.kappareplay.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.local.TestingKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DrainCheckIT {

    @Test
    void groupIsDrainedOnlyOnceItsCommittedPositionsPassTheTransactionMarkers() throws Exception {
        String topic = "drain-it";
        String group = "drain-it-group";
        Map<String, String> client = TestingKafka.shared().clientProperties();
        try (Admin admin = Admin.create(new HashMap<>(client))) {
            new TopicProvisioner(admin, Duration.ofMinutes(1)).ensure(topic, 3, Map.of());
            produceTransactionally(client, topic, 30);

            DrainCheck check = new DrainCheck(admin, Duration.ofSeconds(30));
            DrainStatus before = check.check(group, topic);
            assertThat(before.drained()).as(before.toString()).isFalse();
            assertThat(before.partitions()).hasSize(3);

            int consumed = consumeAndCommitPositions(client, topic, group, 30);
            assertThat(consumed).isEqualTo(30);
            DrainStatus after = check.check(group, topic);
            assertThat(after.drained()).as(after.toString()).isTrue();
            assertThat(after.lag()).isZero();
            // 30 records + one commit marker per partition: offsets count the markers too, which
            // is why drain compares positions and never counts records from offsets.
            assertThat(after.partitions().stream().mapToLong(PartitionProgress::stableOffset).sum())
                    .isEqualTo(33);
        }
    }

    private static void produceTransactionally(
            Map<String, String> client, String topic, int records) {
        Map<String, Object> config = new HashMap<>(client);
        config.put("transactional.id", "drain-it-producer");
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, i % 3, "key-" + i, "value-" + i));
            }
            producer.commitTransaction();
        }
    }

    private static int consumeAndCommitPositions(
            Map<String, String> client, String topic, String group, int expected) {
        Map<String, Object> config = new HashMap<>(client);
        config.put("group.id", group);
        config.put("isolation.level", "read_committed");
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", StringDeserializer.class.getName());
        int consumed = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumed < expected && System.nanoTime() < deadline) {
                consumed += consumer.poll(Duration.ofMillis(200)).count();
            }
            // One more poll lets the fetcher move past each partition's trailing commit marker.
            consumer.poll(Duration.ofMillis(200));
            consumer.commitSync();
        }
        return consumed;
    }
}
