import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * bench/consumer.sh's plain share-group baseline: Kafka's own {@code KafkaShareConsumer}
 * (kafka-clients 4, so on the consumer's class path, not Parallel Consumer's) used the plain way,
 * with as many threads as the broker lets one share group have. Each of {@code --threads} threads
 * owns a share consumer in the same share group (a share group may have more members than the topic
 * has partitions: they share them) and repeats: poll, then record by record sleep 20 ms and send
 * one egress record (one {@code KafkaProducer} for all threads: it is thread safe), wait until
 * every send of the batch is acknowledged, then {@code commitSync}, which acknowledges the batch to
 * the share group (implicit acknowledgement). A record counts only once its acknowledgement is
 * committed. Prints progress every second on standard error. Once {@code --records} records have
 * been counted across all threads, every thread stops and closes its consumer, and the baseline
 * prints one JSON line (threads, records, seconds) on standard output.
 *
 * <pre>
 * java -cp <consumer class path>:<compiled bench> ShareConsumerBaseline \
 *     --bootstrap-servers B --ingress T --egress T --group G --records N \
 *     [--threads 1000] [--sleep-ms 20] [--max-poll-records 10]
 * </pre>
 *
 * <p>{@code --threads} defaults to 1,000, the in-flight limit our runtime gets in the same run, but
 * no more than the broker's {@code group.share.max.size} (default 200, a static broker config that
 * kappa-local leaves alone): a member beyond it is refused. More than that is an error.
 *
 * <p>{@code --max-poll-records} (with {@code share.acquire.mode=record_limit}, so the broker
 * acquires no more than that per poll) keeps the records spread over the threads: with the default
 * 500 the first consumers to fetch would each hold hundreds of records, 20 ms apiece, while the
 * others wait, and at 20 ms a record a batch of 500 takes 10 s of a 30 s acquisition lock.
 */
public final class ShareConsumerBaseline {
    /** The in-flight limit our runtime gets in bench/consumer.sh's part h. */
    private static final int DEFAULT_THREADS = 1000;

    private static final String MAX_GROUP_SIZE = "group.share.max.size";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].substring(2), args[i + 1]);
        }
        String bootstrap = options.get("bootstrap-servers");
        String group = options.get("group") + ".share-baseline";
        String egress = options.get("egress");
        long records = Long.parseLong(options.get("records"));
        long sleepMillis = Long.parseLong(options.getOrDefault("sleep-ms", "20"));
        int maxPollRecords = Integer.parseInt(options.getOrDefault("max-poll-records", "10"));
        int threads;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            int maxGroupSize = maxShareGroupSize(admin);
            threads =
                    options.containsKey("threads")
                            ? Integer.parseInt(options.get("threads"))
                            : Math.min(DEFAULT_THREADS, maxGroupSize);
            if (threads < 1 || threads > maxGroupSize) {
                throw new IllegalArgumentException(
                        String.format(
                                "--threads %d: the broker's %s is %d, so a share group takes 1 to"
                                        + " %d consumers; pass --threads %d or fewer",
                                threads, MAX_GROUP_SIZE, maxGroupSize, maxGroupSize, maxGroupSize));
            }
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
        consumerConfig.put("share.acquire.mode", "record_limit");
        consumerConfig.put("max.poll.records", maxPollRecords);
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put("bootstrap.servers", bootstrap);
        producerConfig.put("acks", "all");
        producerConfig.put("linger.ms", "5");
        System.err.printf(
                Locale.ROOT,
                "share baseline: %d threads, one share consumer each (group %s), max.poll.records"
                        + " %d, %d ms a record, %,d records%n",
                threads,
                group,
                maxPollRecords,
                sleepMillis,
                records);

        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Queue<KafkaShareConsumer<byte[], byte[]>> consumers = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < threads; i++) {
                // Each thread builds its own consumer: the threads start consuming (and the
                // progress lines start) without waiting for all of them to be built one by one.
                Thread worker =
                        new Thread(
                                () -> {
                                    try (KafkaShareConsumer<byte[], byte[]> consumer =
                                            new KafkaShareConsumer<>(
                                                    consumerConfig,
                                                    new ByteArrayDeserializer(),
                                                    new ByteArrayDeserializer())) {
                                        consumers.add(consumer);
                                        consume(
                                                consumer,
                                                producer,
                                                options.get("ingress"),
                                                egress,
                                                sleepMillis,
                                                records,
                                                done,
                                                stopping,
                                                finished);
                                    } catch (WakeupException e) {
                                        // Stopped by the main thread: all records done, or another
                                        // thread failed.
                                    } catch (Throwable e) {
                                        failure.compareAndSet(null, e);
                                        finished.countDown();
                                    }
                                },
                                "share-consumer-" + i);
                // Daemons, so that a failing main thread does not leave the JVM running.
                worker.setDaemon(true);
                workers.add(worker);
                worker.start();
            }
            long last = 0;
            while (!finished.await(1, TimeUnit.SECONDS)) {
                long now = done.get();
                System.err.printf(
                        Locale.ROOT,
                        "share baseline %5.1f s  done %,7d / %,d  %,6d records/s%n",
                        (System.nanoTime() - started) / 1e9,
                        now,
                        records,
                        now - last);
                last = now;
            }
            System.err.printf(
                    Locale.ROOT,
                    "share baseline %5.1f s  done %,7d / %,d%n",
                    (System.nanoTime() - started) / 1e9,
                    done.get(),
                    records);
            // Threads waiting in poll() stop at once; the others stop at their next poll.
            stopping.set(true);
            consumers.forEach(KafkaShareConsumer::wakeup);
            for (Thread worker : workers) {
                worker.join();
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "a share consumer thread failed after " + done.get() + " records",
                    failure.get());
        }
        System.out.printf(
                Locale.ROOT,
                "{\"mode\": \"share\", \"threads\": %d, \"records\": %d, \"seconds\": %.3f}%n",
                threads,
                done.get(),
                (System.nanoTime() - started) / 1e9);
    }

    /** The broker's {@code group.share.max.size}: how many members one share group may have. */
    private static int maxShareGroupSize(Admin admin) throws Exception {
        int node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().id();
        ConfigResource broker =
                new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(node));
        Config config =
                admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
        return Integer.parseInt(config.get(MAX_GROUP_SIZE).value());
    }

    /**
     * One thread's loop, until {@code records} records are done across all threads or the main
     * thread stops it (a {@link WakeupException} out of {@code poll}).
     */
    private static void consume(
            KafkaShareConsumer<byte[], byte[]> consumer,
            KafkaProducer<byte[], byte[]> producer,
            String ingress,
            String egress,
            long sleepMillis,
            long records,
            AtomicLong done,
            AtomicBoolean stopping,
            CountDownLatch finished)
            throws Exception {
        consumer.subscribe(List.of(ingress));
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        while (done.get() < records && !stopping.get()) {
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
            if (batch.isEmpty()) {
                continue;
            }
            sends.clear();
            for (ConsumerRecord<byte[], byte[]> in : batch) {
                Thread.sleep(sleepMillis);
                sends.add(producer.send(new ProducerRecord<>(egress, in.key(), in.value())));
            }
            // Only this thread's sends: a flush() would also wait for every other thread's.
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
            long acknowledged = batch.count();
            for (Map.Entry<TopicIdPartition, Optional<KafkaException>> result :
                    consumer.commitSync().entrySet()) {
                if (result.getValue().isPresent()) {
                    // Not acknowledged (its acquisition lock ran out, say): the broker delivers
                    // these again, and they count then; egress gets a duplicate, which the driver
                    // reports as an incomplete run.
                    TopicIdPartition partition = result.getKey();
                    System.err.printf(
                            "%s: acknowledging %s failed: %s%n",
                            Thread.currentThread().getName(), partition, result.getValue().get());
                    for (ConsumerRecord<byte[], byte[]> in : batch) {
                        if (in.topic().equals(partition.topic())
                                && in.partition() == partition.partition()) {
                            acknowledged--;
                        }
                    }
                }
            }
            if (done.addAndGet(acknowledged) >= records) {
                finished.countDown();
            }
        }
    }
}
