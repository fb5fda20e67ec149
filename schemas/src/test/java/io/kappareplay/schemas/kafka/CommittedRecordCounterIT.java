package io.kappareplay.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.local.TestingKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class CommittedRecordCounterIT {

    @Test
    void countsCommittedRecordsNotOffsetsAndSkipsAbortedOnes() {
        String topic = "counter-it";
        Map<String, String> client = TestingKafka.shared().clientProperties();
        try (Admin admin = Admin.create(new HashMap<>(client))) {
            new TopicProvisioner(admin, Duration.ofMinutes(1)).ensure(topic, 2, Map.of());
            Map<String, Object> config = new HashMap<>(client);
            config.put("transactional.id", "counter-it");
            config.put("key.serializer", StringSerializer.class.getName());
            config.put("value.serializer", StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 20; i++) {
                    producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "v"));
                }
                producer.commitTransaction();
                producer.beginTransaction();
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, "aborted" + i, "v"));
                }
                producer.flush();
                producer.abortTransaction();
            }

            List<PartitionCount> counts =
                    new CommittedRecordCounter(admin, client, Duration.ofMinutes(1)).count(topic);

            assertThat(counts).extracting(PartitionCount::records).containsExactly(10L, 10L);
            // Partition 0: 10 records, a commit marker, 5 aborted records and an abort marker.
            assertThat(counts.get(0).endOffset()).isEqualTo(17);
            assertThat(counts.get(1).endOffset()).isEqualTo(11);
        }
    }
}
