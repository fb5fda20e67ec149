import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.kappareplay.bench.BusyLoop;
import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The baselines bench/consumer.sh measures our runtime against, one per child JVM, on plain Kafka
 * clients (3.9, the newest Parallel Consumer 0.5.3.3 runs on) and Parallel Consumer. Each reads a
 * job's ingress from the start, runs the same handler per record (a sleep, a busy loop or nothing),
 * produces one egress record per input (the input's bytes: no Avro decode or encode, which our
 * runtime does), and exits once every egress send is acknowledged and the offsets committed.
 *
 * <pre>
 * java -cp <pc class path>:<compiled bench> BaselineConsumers --mode parallel-consumer|naive|raw \
 *     --bootstrap-servers B --ingress T --egress T --group G --records N \
 *     [--sleep-ms 20] [--busy-iterations 0] [--max-concurrency 1000]
 * </pre>
 *
 * <ul>
 *   <li>{@code parallel-consumer}: Confluent Parallel Consumer, ordering UNORDERED, maxConcurrency
 *       as given, {@code pollAndProduce}; a record counts when its produce callback has run, that
 *       is when the egress send is acknowledged.
 *   <li>{@code naive}: one thread, poll, handle and send each record, flush (every send
 *       acknowledged), commitSync; repeat.
 *   <li>{@code raw}: the same loop without a handler: what the clients alone do.
 * </ul>
 */
public final class BaselineConsumers {
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].substring(2), args[i + 1]);
        }
        String mode = options.get("mode");
        long records = Long.parseLong(options.get("records"));
        long sleepMillis = Long.parseLong(options.getOrDefault("sleep-ms", "20"));
        long busyIterations = Long.parseLong(options.getOrDefault("busy-iterations", "0"));
        Handler handler = new Handler(sleepMillis, busyIterations);
        Map<String, Object> consumer = new HashMap<>();
        consumer.put("bootstrap.servers", options.get("bootstrap-servers"));
        consumer.put("group.id", options.get("group"));
        consumer.put("auto.offset.reset", "earliest");
        consumer.put("enable.auto.commit", "false");
        // The publisher writes ingress in transactions, as our runtime reads it.
        consumer.put("isolation.level", "read_committed");
        Map<String, Object> producer = new HashMap<>();
        producer.put("bootstrap.servers", options.get("bootstrap-servers"));
        producer.put("acks", "all");
        producer.put("linger.ms", "5");
        String egress = options.get("egress");
        String ingress = options.get("ingress");
        long started = System.nanoTime();
        long done =
                switch (mode) {
                    case "parallel-consumer" -> parallelConsumer(
                            consumer, producer, ingress, egress, records, handler,
                            Integer.parseInt(options.getOrDefault("max-concurrency", "1000")));
                    case "naive", "raw" -> loop(
                            consumer, producer, ingress, egress, records,
                            mode.equals("raw") ? new Handler(0, 0) : handler);
                    default -> throw new IllegalArgumentException("unknown --mode " + mode);
                };
        System.out.printf(
                "{\"mode\": \"%s\", \"records\": %d, \"seconds\": %.3f}%n",
                mode, done, (System.nanoTime() - started) / 1e9);
    }

    /** The per-record work, the same as the bench's handlers in our runtime. */
    record Handler(long sleepMillis, long busyIterations) {
        void handle(byte[] value) throws InterruptedException {
            if (sleepMillis > 0) {
                Thread.sleep(sleepMillis);
            }
            if (busyIterations > 0) {
                BusyLoop.spin(busyIterations, value.length);
            }
        }
    }

    private static long parallelConsumer(
            Map<String, Object> consumerConfig,
            Map<String, Object> producerConfig,
            String ingress,
            String egress,
            long records,
            Handler handler,
            int maxConcurrency)
            throws InterruptedException {
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        ParallelConsumerOptions<byte[], byte[]> options =
                ParallelConsumerOptions.<byte[], byte[]>builder()
                        .consumer(consumer)
                        .producer(producer)
                        .ordering(ProcessingOrder.UNORDERED)
                        .maxConcurrency(maxConcurrency)
                        .build();
        ParallelStreamProcessor<byte[], byte[]> processor =
                ParallelStreamProcessor.createEosStreamProcessor(options);
        AtomicLong acknowledged = new AtomicLong();
        CountDownLatch all = new CountDownLatch(1);
        processor.subscribe(List.of(ingress));
        processor.pollAndProduce(
                context -> {
                    ConsumerRecord<byte[], byte[]> in = context.getSingleConsumerRecord();
                    try {
                        handler.handle(in.value());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return new ProducerRecord<>(egress, in.key(), in.value());
                },
                // Runs once the egress send is acknowledged.
                result -> {
                    if (acknowledged.incrementAndGet() == records) {
                        all.countDown();
                    }
                });
        while (!all.await(1, TimeUnit.SECONDS)) {
            if (processor.isClosedOrFailed()) {
                throw new IllegalStateException(
                        "parallel consumer closed or failed after " + acknowledged.get() + " records");
            }
        }
        processor.close(); // commits the offsets of what was done
        return acknowledged.get();
    }

    private static long loop(
            Map<String, Object> consumerConfig,
            Map<String, Object> producerConfig,
            String ingress,
            String egress,
            long records,
            Handler handler)
            throws InterruptedException {
        long done = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(
                                consumerConfig,
                                new ByteArrayDeserializer(),
                                new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(
                                producerConfig,
                                new ByteArraySerializer(),
                                new ByteArraySerializer())) {
            consumer.subscribe(List.of(ingress));
            while (done < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                if (batch.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> in : batch) {
                    handler.handle(in.value());
                    producer.send(new ProducerRecord<>(egress, in.key(), in.value()));
                }
                producer.flush(); // every send acknowledged (acks=all) before the commit
                consumer.commitSync();
                done += batch.count();
            }
        }
        return done;
    }
}
