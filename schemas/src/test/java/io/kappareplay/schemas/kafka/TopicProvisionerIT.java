package io.kappareplay.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.local.TestingKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TopicProvisionerIT {
    private static Admin admin;

    @BeforeAll
    static void connect() {
        admin = Admin.create(new HashMap<>(TestingKafka.shared().clientProperties()));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void idempotentProducerLosesNothingRightAfterCreation() throws Exception {
        String topic = "provisioner-it-fresh";
        new TopicProvisioner(admin, Duration.ofMinutes(1)).ensure(topic, 100, Map.of());

        int records = 20_000;
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<String, Object> config = new HashMap<>(TestingKafka.shared().clientProperties());
        config.put("enable.idempotence", "true");
        config.put("acks", "all");
        config.put("linger.ms", "5");
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < records; i++) {
                producer.send(
                        new ProducerRecord<>(topic, "key-" + i, "value-" + i),
                        (metadata, error) ->
                                (error == null ? acknowledged : failed).incrementAndGet());
            }
            producer.flush();
        }
        assertThat(failed).hasValue(0);
        assertThat(acknowledged).hasValue(records);
    }

    @Test
    void secondEnsureOfSameTopicIsANoOpAndKeepsConfigs() throws Exception {
        String topic = "provisioner-it-twice";
        TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofMinutes(1));
        provisioner.ensure(topic, 4, Map.of("cleanup.policy", "compact"));
        provisioner.ensure(topic, 4, Map.of("cleanup.policy", "compact"));

        assertThat(
                        admin.describeTopics(List.of(topic))
                                .allTopicNames()
                                .get()
                                .get(topic)
                                .partitions())
                .hasSize(4);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        ConfigEntry policy =
                admin.describeConfigs(List.of(resource))
                        .all()
                        .get()
                        .get(resource)
                        .get("cleanup.policy");
        assertThat(policy.value()).isEqualTo("compact");
    }

    @Test
    void existingTopicWithOtherPartitionCountIsNamedWithTheFix() {
        String topic = "provisioner-it-mismatch";
        TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofMinutes(1));
        provisioner.ensure(topic, 3, Map.of());

        assertThatThrownBy(() -> provisioner.ensure(topic, 5, Map.of()))
                .isInstanceOf(TopicMismatchException.class)
                .hasMessageContaining(topic)
                .hasMessageContaining("exists with 3 partitions but 5 are needed")
                .hasMessageContaining("kappa clean");
    }
}
