package io.kappareplay.schemas.serde;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.schemas.kafka.TopicProvisioner;
import io.kappareplay.schemas.serde.testing.OrderStatus;
import io.kappareplay.schemas.serde.testing.ReplayOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serde through a real broker and the real registry of {@code local/}: records produced with
 * {@link KappaAvroSerializer} come back equal through {@link KappaAvroDeserializer}, and a corrupt
 * payload is named by topic, partition and offset.
 */
class AvroSerdeIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Schema ORDER =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Order", "namespace": "test", "fields": [
                              {"name": "orderId", "type": "string"},
                              {"name": "amountCents", "type": "long"}
                            ]}""");

    private static TestingKafka kafka;
    private static TestingRegistry registry;

    @BeforeAll
    static void startInfrastructure() {
        // Shared per JVM and closed by the fixtures themselves when the JVM ends.
        kafka = TestingKafka.shared();
        registry = TestingRegistry.shared();
    }

    @Test
    void genericRecordRoundTripsThroughATransactionalProducer() throws Exception {
        String topic = newTopic("generic");
        GenericRecord order = new GenericData.Record(ORDER);
        order.put("orderId", "o-1");
        order.put("amountCents", 1250L);

        Map<String, Object> producerConfig = producerConfig(KappaAvroSerializer.class);
        producerConfig.put(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "kappa.serde-it." + UUID.randomUUID());
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerConfig)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "o-1", order));
            producer.commitTransaction();
        }

        Map<String, Object> consumerConfig = consumerConfig(KappaAvroDeserializer.class);
        List<ConsumerRecord<String, Object>> records = consume(topic, consumerConfig, 1);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("o-1");
        assertThat(records.get(0).value()).isEqualTo(order);
    }

    @Test
    void specificRecordRoundTripsThroughRecordDecoding() throws Exception {
        String topic = newTopic("specific");
        ReplayOrder order =
                ReplayOrder.newBuilder()
                        .setOrderId("o-42")
                        .setAmountCents(999L)
                        .setPlacedAt(Instant.ofEpochMilli(1_700_000_000_123L))
                        .setStatus(OrderStatus.SHIPPED)
                        .setTags(List.of("priority"))
                        .setNote("leave at the door")
                        .build();
        try (KafkaProducer<String, Object> producer =
                new KafkaProducer<>(producerConfig(KappaAvroSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "o-42", order)).get();
        }

        // The consumer runtime's way: raw bytes, decoded with partition and offset at hand.
        KappaAvroDeserializer decoder = new KappaAvroDeserializer();
        Map<String, Object> decoderConfig = new HashMap<>(registry.clientProperties());
        decoderConfig.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
        decoder.configure(decoderConfig, false);
        List<ConsumerRecord<byte[], byte[]>> records =
                consume(topic, consumerConfig(ByteArrayDeserializer.class), 1);

        assertThat(records).hasSize(1);
        assertThat(decoder.decode(records.get(0))).isEqualTo(order);
    }

    @Test
    void topLevelStringRoundTripsAsAString() throws Exception {
        String topic = newTopic("string");
        try (KafkaProducer<String, Object> producer =
                new KafkaProducer<>(producerConfig(KappaAvroSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "k", "plain text")).get();
        }

        List<ConsumerRecord<String, Object>> records =
                consume(topic, consumerConfig(KappaAvroDeserializer.class), 1);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).value())
                .isExactlyInstanceOf(String.class)
                .isEqualTo("plain text");
    }

    @Test
    void corruptPayloadIsNamedByTopicPartitionAndOffset() throws Exception {
        String topic = newTopic("corrupt");
        GenericRecord order = new GenericData.Record(ORDER);
        order.put("orderId", "o-1");
        order.put("amountCents", 5L);
        KappaAvroSerializer serializer = new KappaAvroSerializer();
        serializer.configure(registry.clientProperties(), false);
        byte[] valid = serializer.serialize(topic, order);
        byte[] wrongMagic = "not avro at all".getBytes(UTF_8);

        RecordMetadata corrupt;
        Map<String, Object> rawConfig = producerConfig(ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(rawConfig)) {
            producer.send(new ProducerRecord<>(topic, 0, "o-1", valid)).get();
            corrupt = producer.send(new ProducerRecord<>(topic, 0, "o-2", wrongMagic)).get();
        }

        KappaAvroDeserializer decoder = new KappaAvroDeserializer();
        decoder.configure(registry.clientProperties(), false);
        List<ConsumerRecord<byte[], byte[]>> records =
                consume(topic, consumerConfig(ByteArrayDeserializer.class), 2);

        assertThat(records).hasSize(2);
        assertThat(decoder.decode(records.get(0))).isEqualTo(order);
        CorruptPayloadException e =
                catchThrowableOfType(
                        CorruptPayloadException.class, () -> decoder.decode(records.get(1)));
        assertThat(e.topic()).isEqualTo(topic);
        assertThat(e.partition()).hasValue(0);
        assertThat(e.offset()).hasValue(corrupt.offset());
        assertThat(e)
                .hasMessageStartingWith(
                        "Corrupt payload at topic '"
                                + topic
                                + "' partition 0 offset "
                                + corrupt.offset()
                                + ": first byte is 110, not the wire-format magic byte 0");

        // Through Kafka's own Deserializer API the consumer wraps the error with the position.
        Map<String, Object> consumerConfig = consumerConfig(KappaAvroDeserializer.class);
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            RecordDeserializationException wrapped = pollUntilFailure(consumer);
            assertThat(wrapped.offset()).isEqualTo(corrupt.offset());
            assertThat(wrapped.topicPartition().partition()).isZero();
            assertThat(wrapped.getCause()).isInstanceOf(CorruptPayloadException.class);
        }
    }

    private static String newTopic(String purpose) {
        String topic =
                "kappa.serde-it-"
                        + purpose
                        + "-"
                        + UUID.randomUUID().toString().substring(0, 8)
                        + ".ingress";
        // Not Admin.createTopics alone: producing into a topic whose partitions have no leader
        // yet can lose records (KAFKA-15591); the provisioner waits until every one answers.
        try (Admin admin = Admin.create(new HashMap<>(kafka.clientProperties()))) {
            new TopicProvisioner(admin, TIMEOUT).ensure(topic, 1, Map.of());
        }
        return topic;
    }

    private static Map<String, Object> producerConfig(Class<?> valueSerializer) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.putAll(registry.clientProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    private static Map<String, Object> consumerConfig(Class<?> valueDeserializer) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.putAll(registry.clientProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "kappa.serde-it-" + UUID.randomUUID());
        config.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                valueDeserializer == ByteArrayDeserializer.class
                        ? ByteArrayDeserializer.class
                        : StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    private static <K, V> List<ConsumerRecord<K, V>> consume(
            String topic, Map<String, Object> config, int expected) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static RecordDeserializationException pollUntilFailure(
            KafkaConsumer<String, Object> consumer) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                consumer.poll(Duration.ofMillis(500));
            } catch (RecordDeserializationException e) {
                return e;
            }
        }
        throw new AssertionError("the corrupt record never failed a poll within " + TIMEOUT);
    }
}
