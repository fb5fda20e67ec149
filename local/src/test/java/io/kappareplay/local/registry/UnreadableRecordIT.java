package io.kappareplay.local.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.registry.RecordLog.RecordLogException;
import io.kappareplay.local.registry.RegistryRecord.SchemaValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schemas topic holding a record the registry cannot read, at offset 1, that took id 7: the
 * registry refuses to start, or with {@code --skip-unreadable-records} starts and never hands out
 * id 7 again.
 */
class UnreadableRecordIT {
    private static final AtomicInteger TOPICS = new AtomicInteger();

    static final byte[] BROKEN_KEY =
            "{\"keytype\":\"SCHEMA\",\"subject\":\"broken-value\",\"version\":1,\"magic\":1}"
                    .getBytes(UTF_8);
    // No "schema" field: unreadable, yet it holds id 7, the highest in the topic.
    static final byte[] BROKEN_VALUE =
            "{\"subject\":\"broken-value\",\"version\":1,\"id\":7,\"deleted\":false}"
                    .getBytes(UTF_8);

    @TempDir Path work;

    /**
     * A fresh compacted topic holding a readable schema with id 1 at offset 0 and the broken record
     * at offset 1.
     */
    static String topicWithAnUnreadableRecord() throws Exception {
        String topic =
                "_schemas_unreadable_"
                        + ProcessHandle.current().pid()
                        + "_"
                        + TOPICS.incrementAndGet();
        Properties client = new Properties();
        client.putAll(TestingKafka.shared().clientProperties());
        try (KafkaRecordLog log = new KafkaRecordLog(topic, client, false)) {
            log.ensureTopic(Duration.ofSeconds(60));
            log.append(
                    RegistryRecord.schema(
                            new SchemaValue("fine-value", 1, 1, "\"string\"", false)));
        }
        Properties producer = new Properties();
        producer.putAll(client);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> writer = new KafkaProducer<>(producer)) {
            long offset =
                    writer.send(new ProducerRecord<>(topic, 0, BROKEN_KEY, BROKEN_VALUE))
                            .get(30, TimeUnit.SECONDS)
                            .offset();
            assertThat(offset).isEqualTo(1);
        }
        return topic;
    }

    private RegistryServer server(String topic, String... more) {
        String[] base = {
            "--bootstrap-servers", TestingKafka.shared().bootstrapServers(),
            "--topic", topic,
            "--ready-file", work.resolve("registry.ready").toString()
        };
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return new RegistryServer(RegistryServerConfig.parse(args), null, null);
    }

    @Test
    void theRegistryRefusesToStartNamingTheTopicPartitionOffsetAndTheError() throws Exception {
        String topic = topicWithAnUnreadableRecord();

        try (RegistryServer server = server(topic)) {
            assertThatThrownBy(server::start)
                    .isInstanceOf(RecordLogException.class)
                    .hasMessageStartingWith(
                            "Cannot read the record at offset 1 of topic "
                                    + topic
                                    + " partition 0: no text field \"schema\"")
                    .hasMessageContaining("--skip-unreadable-records");
        }
    }

    @Test
    void skippingUnreadableRecordsStartsAndNeverReusesTheSkippedRecordsId() throws Exception {
        String topic = topicWithAnUnreadableRecord();

        try (RegistryServer server = server(topic, "--skip-unreadable-records")) {
            server.start();
            RegistryHttp http = RegistryHttp.plain(server.url());

            assertThat(http.get("/schemas/ids/1").status()).isEqualTo(200);
            assertThat(http.register("new-value", TestSchemas.USER).body().get("id").asInt())
                    .as("id 7 belongs to the skipped record's schema")
                    .isEqualTo(8);
        }
    }
}
