package io.kappareplay.publisher.publish;

import static io.kappareplay.publisher.publish.TestIngress.SNAPSHOT;
import static io.kappareplay.publisher.publish.TestIngress.kafka;
import static io.kappareplay.publisher.publish.TestIngress.kafkaPartition;
import static io.kappareplay.publisher.publish.TestIngress.keys;
import static io.kappareplay.publisher.publish.TestIngress.readBack;
import static io.kappareplay.publisher.testing.IngressTopics.checksum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.publisher.manifest.LedgerRow;
import io.kappareplay.publisher.publish.PartitionPublishResult.SentRange;
import io.kappareplay.publisher.publish.TestIngress.ReadBack;
import io.kappareplay.publisher.testing.IngressTopics;
import io.kappareplay.schemas.kafka.TopicProvisioner;
import io.kappareplay.schemas.manifest.IngressManifest;
import io.kappareplay.schemas.manifest.PartitionSummary;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.naming.KappaHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Tasks publish to the real broker the way Spark's {@code foreachPartition} will call them, and the
 * manifest comes from a read_committed read-back, checked against figures this test computes from
 * the keys itself (Kafka's partitioner formula, ARCHITECTURE.md's checksum formula).
 */
class PartitionPublisherIT {
    private static final int TASKS = 3;
    private static final int ROWS_PER_TASK = 10_000;

    private static PartitionPublisher publisher(JobNames names, PublishOptions options) {
        return new PartitionPublisher(names.jobId(), SNAPSHOT, kafka(), options);
    }

    private static List<List<EncodedRecord>> tasks() {
        List<List<EncodedRecord>> tasks = new ArrayList<>();
        for (int task = 0; task < TASKS; task++) {
            tasks.add(TestIngress.task(task, ROWS_PER_TASK));
        }
        return tasks;
    }

    private static List<String> allKeys(List<List<EncodedRecord>> tasks) {
        return tasks.stream().flatMap(task -> keys(task).stream()).toList();
    }

    private static IngressManifest manifest(
            JobNames names, Instant started, long sourceRows, ReadBack readBack) {
        return IngressManifest.of(
                names.jobId(),
                SNAPSHOT,
                null,
                started,
                Instant.now(),
                sourceRows,
                0,
                readBack.partitions());
    }

    @Test
    void threeTasksPublishThirtyThousandRecordsAndTheManifestIsWhatTheTestCounts()
            throws Exception {
        JobNames names = JobNames.of("publish-three-tasks");
        int partitions = 100;
        Instant started = Instant.now();
        assertThat(
                        new IngressTopicGuard(kafka(), PublishOptions.defaults())
                                .prepare(names, partitions))
                .isEqualTo(IngressTopicGuard.Outcome.CREATED);
        PartitionPublisher publisher = publisher(names, PublishOptions.defaults());
        List<List<EncodedRecord>> tasks = tasks();

        long publishStart = System.nanoTime();
        List<PartitionPublishResult> results = new ArrayList<>();
        ExecutorService executors = Executors.newFixedThreadPool(TASKS);
        try {
            List<Future<PartitionPublishResult>> running = new ArrayList<>();
            for (int task = 0; task < TASKS; task++) {
                int sparkPartition = task;
                running.add(
                        executors.submit(
                                () ->
                                        publisher.publish(
                                                sparkPartition,
                                                tasks.get(sparkPartition).iterator())));
            }
            for (Future<PartitionPublishResult> result : running) {
                results.add(result.get());
            }
        } finally {
            executors.shutdownNow();
        }
        double seconds = (System.nanoTime() - publishStart) / 1e9;
        System.out.printf(
                "Published %d records in %d tasks in %.2f s: %.0f records/s%n",
                TASKS * ROWS_PER_TASK, TASKS, seconds, TASKS * ROWS_PER_TASK / seconds);

        ReadBack readBack = readBack(names.ingressTopic());
        IngressManifest manifest = manifest(names, started, TASKS * ROWS_PER_TASK, readBack);

        List<String> keys = allKeys(tasks);
        assertThat(manifest.records()).isEqualTo(30_000);
        assertThat(manifest.surplusRecords()).isZero();
        assertThat(manifest.keyChecksum()).isEqualTo(checksum(keys));
        Map<Integer, List<String>> keysByPartition =
                keys.stream()
                        .collect(Collectors.groupingBy(key -> kafkaPartition(key, partitions)));
        assertThat(manifest.partitions()).hasSize(partitions);
        for (PartitionSummary partition : manifest.partitions()) {
            int p = partition.partition();
            List<String> expected = keysByPartition.getOrDefault(p, List.of());
            List<SentRange> sent =
                    results.stream()
                            .map(result -> result.kafkaPartitions().get(p))
                            .filter(range -> range != null)
                            .toList();
            long markers =
                    tasks.stream()
                            .filter(
                                    task ->
                                            keys(task).stream()
                                                    .anyMatch(
                                                            k ->
                                                                    kafkaPartition(k, partitions)
                                                                            == p))
                            .count();
            assertThat(partition.records())
                    .as("records of partition %d", p)
                    .isEqualTo(expected.size());
            assertThat(partition.keyChecksum())
                    .as("checksum of partition %d", p)
                    .isEqualTo(checksum(expected));
            // Each transaction that wrote to the partition ends with one commit marker, an offset
            // of
            // its own: the end offset is records plus markers, never records alone.
            assertThat(partition.endOffset())
                    .as("end of partition %d", p)
                    .isEqualTo(expected.size() + markers);
            assertThat(partition.firstOffset())
                    .as("first offset of partition %d", p)
                    .isEqualTo(sent.stream().mapToLong(SentRange::firstOffset).min().orElseThrow());
            assertThat(partition.lastOffset())
                    .as("last offset of partition %d", p)
                    .isEqualTo(sent.stream().mapToLong(SentRange::lastOffset).max().orElseThrow());
        }

        assertThat(readBack.ledger()).hasSize(30_000);
        assertThat(readBack.duplicatedLineages()).isEmpty();
        assertThat(readBack.ledger())
                .allSatisfy(
                        row ->
                                assertThat(row.partition())
                                        .isEqualTo(kafkaPartition(row.key(), partitions)));
        assertThat(readBack.ledger().stream().map(LedgerRow::lineage).collect(Collectors.toSet()))
                .isEqualTo(
                        tasks.stream()
                                .flatMap(List::stream)
                                .map(EncodedRecord::lineage)
                                .collect(Collectors.toSet()));

        assertThat(results)
                .extracting(PartitionPublishResult::records)
                .containsOnly((long) ROWS_PER_TASK);
        assertThat(results.stream().mapToLong(PartitionPublishResult::keyChecksum).sum())
                .isEqualTo(manifest.keyChecksum());
        assertThat(results)
                .extracting(PartitionPublishResult::transactionalId)
                .containsExactly(
                        "kappa.publish-three-tasks.publisher.0",
                        "kappa.publish-three-tasks.publisher.1",
                        "kappa.publish-three-tasks.publisher.2");
        assertRecordsCarryHeadersAndValues(names, tasks.get(1).subList(0, 50));
    }

    /** The first records of a task, read raw: the key, the value bytes and the three headers. */
    private static void assertRecordsCarryHeadersAndValues(
            JobNames names, List<EncodedRecord> sent) {
        Map<String, EncodedRecord> byKey =
                sent.stream().collect(Collectors.toMap(EncodedRecord::key, record -> record));
        Map<String, Object> config = new HashMap<>(kafka());
        config.put("isolation.level", "read_committed");
        int found = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(names.ingressTopic()).stream()
                            .map(info -> new TopicPartition(info.topic(), info.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (found < sent.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    EncodedRecord expected = byKey.get(key);
                    if (expected == null) {
                        continue;
                    }
                    found++;
                    assertThat(record.value()).isEqualTo(expected.value());
                    assertThat(header(record, KappaHeaders.JOB)).isEqualTo(names.jobId());
                    assertThat(header(record, KappaHeaders.SNAPSHOT))
                            .isEqualTo("2024-06-30T00:00:00Z");
                    assertThat(header(record, KappaHeaders.LINEAGE)).isEqualTo(expected.lineage());
                }
            }
        }
        assertThat(found).isEqualTo(sent.size());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aTaskThatFailsMidPartitionAbortsAndItsRetryPublishesEveryRowOnce() {
        JobNames names = JobNames.of("publish-failed-attempt");
        Instant started = Instant.now();
        new IngressTopicGuard(kafka(), PublishOptions.defaults()).prepare(names, 12);
        PartitionPublisher publisher = publisher(names, PublishOptions.defaults());
        List<EncodedRecord> rows = TestIngress.task(0, ROWS_PER_TASK);
        IllegalStateException sourceFailure =
                new IllegalStateException("reading orders/part-0.parquet failed (simulated)");
        Iterator<EncodedRecord> failingHalfway =
                new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return true;
                    }

                    @Override
                    public EncodedRecord next() {
                        if (next == ROWS_PER_TASK / 2) {
                            throw sourceFailure;
                        }
                        return rows.get(next++);
                    }
                };

        assertThatThrownBy(() -> publisher.publish(0, failingHalfway)).isSameAs(sourceFailure);
        PartitionPublishResult retry = publisher.publish(0, rows.iterator());

        ReadBack readBack = readBack(names.ingressTopic());
        IngressManifest manifest = manifest(names, started, ROWS_PER_TASK, readBack);
        assertThat(retry.records()).isEqualTo(ROWS_PER_TASK);
        assertThat(manifest.records()).isEqualTo(ROWS_PER_TASK);
        assertThat(manifest.keyChecksum()).isEqualTo(checksum(keys(rows)));
        assertThat(readBack.ledger()).hasSize(ROWS_PER_TASK);
        assertThat(readBack.duplicatedLineages()).isEmpty();
    }

    @Test
    void aRetryFencesItsPredecessorAndAbortsTheTransactionItLeftOpen() {
        JobNames names = JobNames.of("publish-fenced-attempt");
        Instant started = Instant.now();
        new IngressTopicGuard(kafka(), PublishOptions.defaults()).prepare(names, 12);
        PartitionPublisher publisher = publisher(names, PublishOptions.defaults());
        List<EncodedRecord> rows = TestIngress.task(1, ROWS_PER_TASK);

        // The first attempt: its executor is lost after half the rows reached the broker, with its
        // transaction open; its producer lives on, a zombie that could still try to commit.
        Map<String, Object> config = new HashMap<>(kafka());
        config.put("transactional.id", publisher.transactionalId(1));
        try (KafkaProducer<String, byte[]> firstAttempt =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            firstAttempt.initTransactions();
            firstAttempt.beginTransaction();
            for (EncodedRecord row : rows.subList(0, ROWS_PER_TASK / 2)) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(KappaHeaders.LINEAGE, row.lineage().getBytes(StandardCharsets.UTF_8));
                firstAttempt.send(
                        new ProducerRecord<>(
                                names.ingressTopic(), null, row.key(), row.value(), headers));
            }
            firstAttempt.flush();

            PartitionPublishResult retry = publisher.publish(1, rows.iterator());

            assertThat(retry.records()).isEqualTo(ROWS_PER_TASK);
            assertThatThrownBy(firstAttempt::commitTransaction)
                    .isInstanceOfAny(
                            ProducerFencedException.class, InvalidProducerEpochException.class);
            firstAttempt.close(Duration.ZERO);
        }

        ReadBack readBack = readBack(names.ingressTopic());
        IngressManifest manifest = manifest(names, started, ROWS_PER_TASK, readBack);
        // The first attempt's half is on the log, aborted: read_uncommitted sees it, the manifest
        // does not.
        assertThat(IngressTopics.countUncommitted(names.ingressTopic()))
                .isEqualTo(ROWS_PER_TASK + ROWS_PER_TASK / 2);
        assertThat(manifest.records()).isEqualTo(ROWS_PER_TASK);
        assertThat(manifest.surplusRecords()).isZero();
        assertThat(manifest.keyChecksum()).isEqualTo(checksum(keys(rows)));
        assertThat(readBack.ledger()).hasSize(ROWS_PER_TASK);
        assertThat(readBack.duplicatedLineages()).isEmpty();
    }

    @Test
    void aTaskRetriedAfterItsCommitPublishesTwiceAndTheManifestAndLedgerShowIt() {
        JobNames names = JobNames.of("publish-committed-twice");
        Instant started = Instant.now();
        new IngressTopicGuard(kafka(), PublishOptions.defaults()).prepare(names, 12);
        PartitionPublisher publisher = publisher(names, PublishOptions.defaults());
        List<List<EncodedRecord>> tasks = tasks();

        publisher.publish(0, tasks.get(0).iterator());
        // Task 1 commits, then its executor is lost before Spark hears of the success: Spark runs
        // it again, and the retry cannot know that its predecessor committed.
        publisher.publish(1, tasks.get(1).iterator());
        publisher.publish(1, tasks.get(1).iterator());
        publisher.publish(2, tasks.get(2).iterator());

        ReadBack readBack = readBack(names.ingressTopic());
        IngressManifest manifest = manifest(names, started, TASKS * ROWS_PER_TASK, readBack);
        assertThat(manifest.records()).isEqualTo(40_000);
        assertThat(manifest.surplusRecords()).isEqualTo(ROWS_PER_TASK);
        // A sum, so the duplicates add their keys' share once more (an XOR would cancel them).
        assertThat(manifest.keyChecksum())
                .isEqualTo(checksum(allKeys(tasks)) + checksum(keys(tasks.get(1))))
                .isNotEqualTo(checksum(allKeys(tasks)));

        Set<String> taskOneLineages =
                tasks.get(1).stream().map(EncodedRecord::lineage).collect(Collectors.toSet());
        assertThat(readBack.duplicatedLineages()).isEqualTo(taskOneLineages);
        Map<String, List<LedgerRow>> byLineage =
                readBack.ledger().stream().collect(Collectors.groupingBy(LedgerRow::lineage));
        assertThat(taskOneLineages)
                .allSatisfy(
                        lineage -> {
                            List<LedgerRow> copies = byLineage.get(lineage);
                            assertThat(copies).hasSize(2);
                            assertThat(copies.get(0).partition())
                                    .isEqualTo(copies.get(1).partition());
                            assertThat(copies.get(0).offset()).isNotEqualTo(copies.get(1).offset());
                        });
    }

    @Test
    void aSendTheBrokerRefusesFailsTheTaskNamingTheRecordAndLeavesNothingVisible() {
        JobNames names = JobNames.of("publish-refused-send");
        try (Admin admin = Admin.create(new HashMap<>(kafka()))) {
            new TopicProvisioner(admin, Duration.ofMinutes(1))
                    .ensure(names.ingressTopic(), 3, Map.of("max.message.bytes", "2048"));
        }
        // A record larger than batch.size travels in a batch of its own, so the broker refuses it
        // alone (a refused batch of several records would be split by the producer and resent).
        Map<String, String> smallBatches = new HashMap<>(kafka());
        smallBatches.put("batch.size", "1024");
        PartitionPublisher publisher =
                new PartitionPublisher(
                        names.jobId(), SNAPSHOT, smallBatches, PublishOptions.defaults());
        byte[] tooLarge = new byte[16_384];
        new Random(7).nextBytes(tooLarge);
        List<EncodedRecord> rows = new ArrayList<>();
        rows.add(new EncodedRecord("order-huge", tooLarge, "orders/part-0.parquet#0"));
        rows.addAll(TestIngress.task(0, 1_000).subList(1, 1_000));

        assertThatThrownBy(() -> publisher.publish(0, rows.iterator()))
                .isInstanceOf(PublishFailedException.class)
                .hasMessageContaining(
                        "Job publish-refused-send, Spark partition 0: publishing to"
                                + " kappa.publish-refused-send.ingress with transactional id"
                                + " kappa.publish-refused-send.publisher.0 failed")
                .hasMessageContaining(
                        "the record with key 'order-huge' and lineage 'orders/part-0.parquet#0'")
                .hasMessageContaining("RecordTooLargeException")
                .hasMessageContaining("The transaction is aborted")
                .hasCauseInstanceOf(KafkaException.class);

        ReadBack readBack = readBack(names.ingressTopic());
        assertThat(readBack.ledger()).isEmpty();
        assertThat(readBack.partitions()).extracting(PartitionSummary::records).containsOnly(0L);
    }

    @Test
    void theRateLimitHoldsATaskBack() {
        JobNames names = JobNames.of("publish-rate-limited");
        new IngressTopicGuard(kafka(), PublishOptions.defaults()).prepare(names, 3);
        PartitionPublisher publisher =
                publisher(
                        names,
                        PublishOptions.fromProperties(
                                Map.of("kappa.publisher.max-records-per-second", "2000")));

        PartitionPublishResult result = publisher.publish(0, TestIngress.task(0, 1_000).iterator());

        // The 1,000th record is due 999 / 2,000 s after the first.
        assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(499));
        assertThat(result.recordsPerSecond()).isLessThanOrEqualTo(2_000);
        assertThat(readBack(names.ingressTopic()).ledger()).hasSize(1_000);
    }
}
