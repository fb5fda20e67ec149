import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * bench/consumer.sh's plain share-group baseline: one {@code KafkaShareConsumer} (kafka-clients 4,
 * so on the consumer's class path, not Parallel Consumer's) in one thread: poll, sleep 20 ms and
 * send per record, flush (every send acknowledged), then commitSync, which acknowledges the batch
 * to the share group (implicit acknowledgement). Exits after {@code --records} records.
 */
public final class ShareConsumerBaseline {
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].substring(2), args[i + 1]);
        }
        String bootstrap = options.get("bootstrap-servers");
        String group = options.get("group") + ".share-baseline";
        long records = Long.parseLong(options.get("records"));
        long sleepMillis = Long.parseLong(options.getOrDefault("sleep-ms", "20"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            // As our share runtime does: from the start, and no aborted transactions' records.
            admin.incrementalAlterConfigs(
                            Map.of(
                                    new ConfigResource(ConfigResource.Type.GROUP, group),
                                    List.of(
                                            new AlterConfigOp(
                                                    new ConfigEntry(
                                                            "share.auto.offset.reset", "earliest"),
                                                    AlterConfigOp.OpType.SET),
                                            new AlterConfigOp(
                                                    new ConfigEntry(
                                                            "share.isolation.level",
                                                            "read_committed"),
                                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put("bootstrap.servers", bootstrap);
        consumerConfig.put("group.id", group);
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put("bootstrap.servers", bootstrap);
        producerConfig.put("acks", "all");
        producerConfig.put("linger.ms", "5");
        long done = 0;
        long started = System.nanoTime();
        try (KafkaShareConsumer<byte[], byte[]> consumer =
                        new KafkaShareConsumer<>(
                                consumerConfig,
                                new ByteArrayDeserializer(),
                                new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(
                                producerConfig,
                                new ByteArraySerializer(),
                                new ByteArraySerializer())) {
            consumer.subscribe(List.of(options.get("ingress")));
            while (done < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> in : batch) {
                    Thread.sleep(sleepMillis);
                    producer.send(
                            new ProducerRecord<>(options.get("egress"), in.key(), in.value()));
                }
                producer.flush();
                consumer.commitSync();
                done += batch.count();
            }
        }
        System.out.printf(
                "{\"mode\": \"share\", \"records\": %d, \"seconds\": %.3f}%n",
                done, (System.nanoTime() - started) / 1e9);
    }
}
