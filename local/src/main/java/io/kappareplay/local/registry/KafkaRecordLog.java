package io.kappareplay.local.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's log as a compacted one-partition Kafka topic: created if absent, read from the
 * beginning to its read_committed end offset, written with an idempotent {@code acks=all} producer
 * one record at a time, each send awaited. A record the replay cannot read stops it, unless told to
 * skip such records ({@link #readForReplay}).
 */
final class KafkaRecordLog implements RecordLog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaRecordLog.class);

    /** How long a send may take before its request fails with 50001. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    /** How long a replay may go without reaching the end of the topic. */
    static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(120);

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(200);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String topic;
    private final TopicPartition partition;
    private final RegistryRecordFormat format = new RegistryRecordFormat();
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final boolean skipUnreadableRecords;

    /**
     * @param clientProperties the connection settings for all three clients: bootstrap servers and
     *     whatever {@code --kafka-config} holds (security, SASL, TLS)
     * @param skipUnreadableRecords whether a replay skips a record it cannot read (counting the ids
     *     it mentions) instead of failing; see {@link #readForReplay}
     */
    KafkaRecordLog(String topic, Properties clientProperties, boolean skipUnreadableRecords) {
        this.topic = topic;
        this.skipUnreadableRecords = skipUnreadableRecords;
        this.partition = new TopicPartition(topic, 0);
        this.admin = Admin.create(adminProperties(clientProperties));
        try {
            this.consumer = new KafkaConsumer<>(consumerProperties(clientProperties));
        } catch (KafkaException e) {
            closeQuietly("admin", () -> admin.close(CLOSE_TIMEOUT));
            throw e;
        }
        try {
            this.producer = new KafkaProducer<>(producerProperties(clientProperties));
        } catch (KafkaException e) {
            closeQuietly("consumer", () -> consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT)));
            closeQuietly("admin", () -> admin.close(CLOSE_TIMEOUT));
            throw e;
        }
    }

    static Properties adminProperties(Properties clientProperties) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "kappa-registry-admin");
        properties.putAll(clientProperties);
        return properties;
    }

    static Properties consumerProperties(Properties clientProperties) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "kappa-registry-reader");
        properties.putAll(clientProperties);
        // What the registry's correctness rests on: not overridable.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        properties.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return properties;
    }

    static Properties producerProperties(Properties clientProperties) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "kappa-registry-writer");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        properties.put(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Long.toString(SEND_TIMEOUT.toMillis() - 1000));
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        properties.putAll(clientProperties);
        // What the registry's correctness rests on: not overridable.
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        properties.put(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return properties;
    }

    /**
     * Creates the topic if absent (one partition, compacted) and returns once {@code listOffsets}
     * answers for it: an idempotent producer's first writes into a topic that does not answer yet
     * can be lost (VERSIONS.md).
     */
    void ensureTopic(Duration timeout) throws RecordLogException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        NewTopic newTopic =
                new NewTopic(topic, Optional.of(1), Optional.of((short) 1))
                        .configs(
                                Map.of(
                                        TopicConfig.CLEANUP_POLICY_CONFIG,
                                        TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(newTopic))
                    .all()
                    .get(remaining(deadline), TimeUnit.MILLISECONDS);
            log.info("Created the schemas topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new RecordLogException(
                        "Cannot create the schemas topic " + topic + ": " + describe(e.getCause()),
                        e.getCause());
            }
            log.info("Using the existing schemas topic {}", topic);
        } catch (TimeoutException e) {
            throw new RecordLogException(
                    "Cannot create the schemas topic " + topic + " within " + timeout, e);
        }
        checkOnePartition(deadline, timeout);
        checkCompacted(deadline, timeout);
        awaitAnswer(
                "listOffsets for " + partition,
                () ->
                        admin.listOffsets(
                                        Map.of(partition, OffsetSpec.latest()),
                                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                                .all(),
                deadline,
                timeout);
    }

    /**
     * Awaits one admin call until the deadline: a call that failed is reported with its cause (an
     * authorization or authentication error, say), only one that did not answer in time as taking
     * longer than {@code timeout}.
     */
    static <T> T await(KafkaFuture<T> call, String what, long deadline, Duration timeout)
            throws RecordLogException, InterruptedException {
        try {
            return call.get(remaining(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RecordLogException(what + ": " + describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new RecordLogException(what + " within " + timeout, e);
        }
    }

    private void checkOnePartition(long deadline, Duration timeout)
            throws RecordLogException, InterruptedException {
        TopicDescription description =
                await(
                                admin.describeTopics(List.of(topic)).allTopicNames(),
                                "Cannot describe the schemas topic " + topic,
                                deadline,
                                timeout)
                        .get(topic);
        int partitions = description.partitions().size();
        if (partitions != 1) {
            // Order across partitions is undefined: the replay would not rebuild what was served.
            throw new RecordLogException(
                    "The schemas topic "
                            + topic
                            + " has "
                            + partitions
                            + " partitions; it needs exactly 1: delete it or pass another --topic",
                    null);
        }
    }

    private void checkCompacted(long deadline, Duration timeout)
            throws RecordLogException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        ConfigEntry entry =
                await(
                                admin.describeConfigs(List.of(resource)).all(),
                                "Cannot read the configuration of the schemas topic " + topic,
                                deadline,
                                timeout)
                        .get(resource)
                        .get(TopicConfig.CLEANUP_POLICY_CONFIG);
        String policy = entry == null ? "" : entry.value();
        if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)
                || policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
            // Retention would delete schemas after a while, and with them their ids.
            throw new RecordLogException(
                    "The schemas topic "
                            + topic
                            + " has cleanup.policy="
                            + policy
                            + "; it needs cleanup.policy=compact so schemas are never deleted:"
                            + " alter the topic or pass another --topic",
                    null);
        }
    }

    /**
     * Repeats an admin call until it answers: errors Kafka calls retriable (the topic's leader not
     * elected yet, say) are retried until the deadline; any other fails at once with its cause.
     */
    static void awaitAnswer(
            String what, Supplier<KafkaFuture<?>> call, long deadline, Duration timeout)
            throws RecordLogException, InterruptedException {
        Throwable lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                call.get().get(remaining(deadline), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new RecordLogException(
                            what + " failed: " + describe(e.getCause()), e.getCause());
                }
                lastError = e.getCause();
                log.debug("{} does not answer yet", what, e.getCause());
            } catch (TimeoutException e) {
                break; // The deadline has passed.
            }
            // The retry backoff: bounded, as the loop is by the deadline.
            Thread.sleep(Math.min(RETRY_BACKOFF.toMillis(), remaining(deadline)));
        }
        throw new RecordLogException(
                what
                        + " did not answer within "
                        + timeout
                        + (lastError == null ? "" : "; the last error: " + describe(lastError)),
                lastError);
    }

    /** The class and message of an error, for a message: what the Kafka client reported. */
    static String describe(Throwable error) {
        return error == null ? "no cause reported" : error.toString();
    }

    @Override
    public void replay(Consumer<RegistryRecord> sink) throws RecordLogException {
        try {
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long end = consumer.endOffsets(Set.of(partition)).get(partition);
            long records = 0;
            long deadline = System.nanoTime() + REPLAY_TIMEOUT.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new RecordLogException(
                            "Cannot read "
                                    + partition
                                    + " to its end offset "
                                    + end
                                    + " within "
                                    + REPLAY_TIMEOUT
                                    + ": stopped at offset "
                                    + consumer.position(partition),
                            null);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() >= end) {
                        break;
                    }
                    readForReplay(
                                    format,
                                    partition,
                                    record.offset(),
                                    record.key(),
                                    record.value(),
                                    skipUnreadableRecords)
                            .ifPresent(sink);
                    records++;
                }
            }
            log.info("Read {} records of {} up to offset {}", records, partition, end);
        } catch (KafkaException e) {
            throw new RecordLogException(
                    "Cannot read the schemas topic " + topic + ": " + describe(e), e);
        }
    }

    /**
     * Reads the record at {@code offset} of {@code partition} for a replay. A record that cannot be
     * read fails the replay, and with it the registry's start: it may have held the highest id, and
     * without it the next registration would get that id again for another schema, so old data
     * would decode with the wrong schema. Confluent's key types this registry knowingly ignores
     * ({@link RegistryRecordFormat#IGNORED_KEY_TYPES}) hold no ids and give an empty result.
     *
     * <p>With {@code skipUnreadable} ({@code --skip-unreadable-records}) such a record is skipped
     * with a warning instead; any {@code "id"} or {@code "maxId"} number in its raw bytes still
     * raises the id watermark, so its id is never handed out again.
     *
     * @return the record, an id watermark for a skipped record that mentions an id, or empty
     * @throws RecordLogException naming the topic, partition and offset and why the record cannot
     *     be read
     */
    static Optional<RegistryRecord> readForReplay(
            RegistryRecordFormat format,
            TopicPartition partition,
            long offset,
            byte[] key,
            byte[] value,
            boolean skipUnreadable)
            throws RecordLogException {
        try {
            return format.read(key, value);
        } catch (IllegalArgumentException e) {
            String where =
                    "the record at offset "
                            + offset
                            + " of topic "
                            + partition.topic()
                            + " partition "
                            + partition.partition();
            if (!skipUnreadable) {
                throw new RecordLogException(
                        "Cannot read "
                                + where
                                + ": "
                                + e.getMessage()
                                + ". Skipping it could hand a schema id it holds to another schema:"
                                + " repair the topic, or pass "
                                + RegistryServerConfig.SKIP_UNREADABLE_RECORDS
                                + " to skip such records (the ids they mention still count)",
                        null); // The message says all the parse error does.
            }
            OptionalInt id = RegistryRecordFormat.highestIdMentioned(key, value);
            log.warn(
                    "Skipping {} ({}): {}; {}",
                    where,
                    RegistryServerConfig.SKIP_UNREADABLE_RECORDS,
                    e.getMessage(),
                    id.isPresent()
                            ? "ids up to " + id.getAsInt() + " count as taken"
                            : "it mentions no id");
            return id.isPresent()
                    ? Optional.of(RegistryRecord.idWatermark(id.getAsInt()))
                    : Optional.empty();
        }
    }

    @Override
    public void append(RegistryRecord record) throws RecordLogException {
        ProducerRecord<byte[], byte[]> producerRecord =
                new ProducerRecord<>(
                        topic, 0, format.key(record.key()), format.value(record.value()));
        try {
            producer.send(producerRecord).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RecordLogException(
                    "Writing " + record.key() + " to " + partition + " failed: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new RecordLogException(
                    "Writing "
                            + record.key()
                            + " to "
                            + partition
                            + " timed out after "
                            + SEND_TIMEOUT,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecordLogException(
                    "Interrupted while writing " + record.key() + " to " + partition, e);
        } catch (KafkaException e) {
            throw new RecordLogException(
                    "Writing " + record.key() + " to " + partition + " failed: " + e, e);
        }
    }

    /** Makes a replay in progress on another thread stop with an error, so close can proceed. */
    void interruptReplay() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        closeQuietly("producer", () -> producer.close(CLOSE_TIMEOUT));
        closeQuietly("consumer", () -> consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT)));
        closeQuietly("admin", () -> admin.close(CLOSE_TIMEOUT));
    }

    private static long remaining(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void closeQuietly(String client, AutoCloseable close) {
        try {
            close.close();
        } catch (Exception e) {
            log.warn("Error while closing the Kafka {}", client, e);
        }
    }
}
