package io.kappareplay.publisher.publish;

import static java.util.Objects.requireNonNull;

import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.naming.KappaHeaders;
import io.kappareplay.schemas.naming.KeyChecksum;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnTimeoutException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one Spark partition's encoded records to {@code kappa.<job>.ingress} in one Kafka
 * transaction, committed once the last record is acknowledged: a read_committed reader sees all of
 * a partition or none of it.
 *
 * <p>Built on the driver and shipped to the executors (it is {@link Serializable}: the job id, the
 * snapshot instant, the Kafka client properties and the {@link PublishOptions}); each call of
 * {@link #publish} opens its own producer. Free of Spark, so it runs against a real broker without
 * one.
 *
 * <pre>{@code
 * PartitionPublisher publisher = new PartitionPublisher("orders", snapshot, kafkaProperties, options);
 * encoded.foreachPartition(rows ->
 *         log(publisher.publish(TaskContext.getPartitionId(), toEncodedRecords(rows))));
 * }</pre>
 *
 * <p><b>Task retries.</b> The transactional id is {@code kappa.<job>.publisher.<spark partition>},
 * the same for every attempt of a partition. A retry's {@code initTransactions} therefore fences
 * the attempt before it (a still-running attempt can no longer commit) and aborts that attempt's
 * open transaction, so a task that failed or died before its commit leaves nothing behind: its
 * retry publishes the partition exactly once. An attempt that fails cleanly aborts its own
 * transaction first, so read_committed readers do not wait for the retry.
 *
 * <p><b>The remaining gap.</b> A task that commits and then dies before Spark learns of its success
 * (executor lost between {@code commitTransaction} and the task's status update, or a commit that
 * timed out yet went through) is run again, and its retry publishes the partition a second time:
 * every record of the partition is committed twice, at two offsets. Nothing in Kafka can tell the
 * retry that its predecessor committed. The duplicates are not silent: the manifest's counts come
 * from a read_committed read-back, so its records exceed the snapshot's rows minus its rejects
 * ({@code IngressManifest.surplusRecords()}); and the ledger holds each duplicated lineage at two
 * offsets, so reconciliation finds them with {@code GROUP BY lineage HAVING count(*) > 1} and
 * counts a record's outputs once per lineage.
 *
 * <p><b>Consumer lag.</b> With {@link PublishOptionKey#MAX_CONSUMER_LAG} set, a task looks at the
 * job's consumer group before its first record and every {@link #LAG_CHECK_RECORDS} records, and
 * waits while the group is further behind than that ({@link LagThrottle}). A wait after the first
 * record holds the task's transaction open, so it counts toward the transaction timeout.
 *
 * <p><b>Failures are never silent.</b> Every send callback is checked: a single failed send (e.g. a
 * batch expired on {@code OUT_OF_ORDER_SEQUENCE_NUMBER}, see VERSIONS.md) stops the task, aborts
 * the transaction and throws a {@link PublishFailedException} naming the job, the Spark partition,
 * the lost record and the cause. Failures of the rows iterator itself (Spark's reading or encoding)
 * abort the transaction and are rethrown unchanged.
 */
public final class PartitionPublisher implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(PartitionPublisher.class);

    /** The role in the transactional id: {@code kappa.<job>.publisher.<spark partition>}. */
    static final String ROLE = "publisher";

    /**
     * How long closing the producer may wait. After a commit or an abort nothing is pending; after
     * a fencing whatever is pending is discarded anyway.
     */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Records between two looks at the consumer group's lag ({@link LagThrottle}, which asks the
     * broker at most once per {@link PublishOptionKey#LAG_CHECK_INTERVAL}). The first look comes
     * before the first send, while the broker has no transaction of this task open yet, so a task
     * that starts behind a backlog holds no transaction while it waits. Every 1,000 records keeps
     * even the throttle's clock read off the per-record path: at 300k records/s a task calls it 300
     * times a second, and one call per interval asks the broker.
     */
    static final int LAG_CHECK_RECORDS = 1_000;

    private final String jobId;
    private final Instant snapshot;
    private final Map<String, String> kafkaProperties;
    private final PublishOptions options;

    /**
     * @param jobId the job; records go to {@code kappa.<job>.ingress}
     * @param snapshot the point-in-time instant of the snapshot, the {@code kappa.snapshot} header
     * @param kafkaProperties the job's Kafka client properties ({@code bootstrap.servers},
     *     security); the producer's guarantees are the publisher's own (see {@link
     *     ProducerProperties#OWNED})
     * @throws IllegalArgumentException if the job id is not valid
     * @throws PublishConfigException if the properties set one of the publisher's own
     */
    public PartitionPublisher(
            String jobId,
            Instant snapshot,
            Map<String, String> kafkaProperties,
            PublishOptions options) {
        JobNames.of(jobId);
        requireNonNull(snapshot, "snapshot");
        requireNonNull(options, "options");
        ProducerProperties.check(kafkaProperties);
        this.jobId = jobId;
        this.snapshot = snapshot;
        this.kafkaProperties = Collections.unmodifiableMap(new LinkedHashMap<>(kafkaProperties));
        this.options = options;
    }

    /** {@code kappa.<job>.publisher.<sparkPartition>}. */
    public String transactionalId(int sparkPartition) {
        return JobNames.of(jobId).transactionalId(ROLE, sparkPartition);
    }

    /**
     * Publishes {@code records} in one transaction and commits it.
     *
     * @param sparkPartition the task's partition ({@code TaskContext.getPartitionId()}), the same
     *     on every attempt
     * @throws PublishFailedException if a send or the commit failed, or a newer attempt of the same
     *     partition fenced this one; nothing of this call is visible
     */
    public PartitionPublishResult publish(int sparkPartition, Iterator<EncodedRecord> records) {
        requireNonNull(records, "records");
        String transactionalId = transactionalId(sparkPartition);
        KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(
                        ProducerProperties.of(kafkaProperties, transactionalId, options),
                        new StringSerializer(),
                        new ByteArraySerializer());
        try (LagThrottle throttle =
                LagThrottle.of(jobId, sparkPartition, kafkaProperties, options)) {
            PartitionPublishResult result =
                    new Attempt(sparkPartition, transactionalId, producer, throttle).run(records);
            log.info(
                    "Job {}: Spark partition {} committed {} records to {} Kafka partitions of"
                            + " {} in {} ms ({} records/s, transactional id {})",
                    jobId,
                    sparkPartition,
                    result.records(),
                    result.kafkaPartitions().size(),
                    JobNames.of(jobId).ingressTopic(),
                    result.elapsed().toMillis(),
                    Math.round(result.recordsPerSecond()),
                    transactionalId);
            return result;
        } finally {
            producer.close(CLOSE_TIMEOUT);
        }
    }

    /** One attempt of one Spark partition: its producer, its transaction and its sends. */
    private final class Attempt {
        private final int sparkPartition;
        private final String transactionalId;
        private final String topic;
        private final KafkaProducer<String, byte[]> producer;
        private final LagThrottle throttle;
        private final Acknowledgements acknowledgements = new Acknowledgements();
        private final byte[] jobHeader = utf8(jobId);
        private final byte[] snapshotHeader = utf8(snapshot.toString());
        private boolean inTransaction;
        private long sent;

        Attempt(
                int sparkPartition,
                String transactionalId,
                KafkaProducer<String, byte[]> producer,
                LagThrottle throttle) {
            this.sparkPartition = sparkPartition;
            this.transactionalId = transactionalId;
            this.topic = JobNames.of(jobId).ingressTopic();
            this.producer = producer;
            this.throttle = throttle;
        }

        PartitionPublishResult run(Iterator<EncodedRecord> records) {
            try {
                return sendAndCommit(records);
            } catch (KafkaException e) {
                if (isFatal(e)) {
                    throw failure(e);
                }
                PublishFailedException failure = afterSendFailure(e);
                abort(failure);
                throw failure;
            } catch (RuntimeException | Error e) {
                abort(e);
                throw e;
            }
        }

        private PartitionPublishResult sendAndCommit(Iterator<EncodedRecord> records) {
            producer.initTransactions();
            long started = System.nanoTime();
            producer.beginTransaction();
            inTransaction = true;
            RatePacer pacer = RatePacer.of(options.maxRecordsPerSecond());
            KeyChecksum checksum = new KeyChecksum();
            while (acknowledgements.firstFailure() == null && records.hasNext()) {
                EncodedRecord record = records.next();
                if (sent % LAG_CHECK_RECORDS == 0) {
                    awaitConsumers();
                }
                awaitTurn(pacer);
                producer.send(
                        new ProducerRecord<>(
                                topic, null, record.key(), record.value(), headers(record)),
                        acknowledgements.of(record.key(), record.lineage()));
                checksum.add(record.key());
                sent++;
            }
            producer.flush();
            Acknowledgements.Failure lost = acknowledgements.firstFailure();
            if (lost != null) {
                throw sendFailed(lost);
            }
            producer.commitTransaction();
            inTransaction = false;
            return new PartitionPublishResult(
                    sparkPartition,
                    transactionalId,
                    sent,
                    checksum.value(),
                    acknowledgements.ranges(),
                    Duration.ofNanos(System.nanoTime() - started));
        }

        private void awaitTurn(RatePacer pacer) {
            try {
                pacer.awaitTurn();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailedException(
                        jobId,
                        sparkPartition,
                        where()
                                + ": interrupted while holding to "
                                + PublishOptionKey.MAX_RECORDS_PER_SECOND.key()
                                + "="
                                + options.maxRecordsPerSecond()
                                + " (the task was killed); the transaction is aborted",
                        e);
            }
        }

        private void awaitConsumers() {
            try {
                throttle.awaitTurn();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailedException(
                        jobId,
                        sparkPartition,
                        where()
                                + ": interrupted while waiting for the consumer group's lag to"
                                + " come below "
                                + PublishOptionKey.MAX_CONSUMER_LAG.key()
                                + "="
                                + options.maxConsumerLag()
                                + " (the task was killed); the transaction is aborted",
                        e);
            }
        }

        private RecordHeaders headers(EncodedRecord record) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(KappaHeaders.JOB, jobHeader);
            headers.add(KappaHeaders.SNAPSHOT, snapshotHeader);
            headers.add(KappaHeaders.LINEAGE, utf8(record.lineage()));
            return headers;
        }

        private PublishFailedException sendFailed(Acknowledgements.Failure lost) {
            return new PublishFailedException(
                    jobId,
                    sparkPartition,
                    where()
                            + ": "
                            + acknowledgements.failures()
                            + " of "
                            + sent
                            + " records sent were not written, e.g. the record with key '"
                            + lost.key()
                            + "' and lineage '"
                            + lost.lineage()
                            + "'"
                            + (lost.partition() >= 0
                                    ? " (Kafka partition " + lost.partition() + ")"
                                    : "")
                            + ": "
                            + lost.cause()
                            + ". The transaction is aborted, so none of this partition's records"
                            + " are visible, and the task fails for Spark to retry it; if sends"
                            + " keep failing, check the broker's health and the producer's"
                            + " delivery.timeout.ms",
                    lost.cause());
        }

        /**
         * A send that fails puts the producer in an error state, so the next {@code send} or the
         * commit throws a general "error state" exception, possibly before the failed send's
         * callback has run. The callbacks are awaited, so the error names the record that was lost
         * rather than the consequence.
         */
        private PublishFailedException afterSendFailure(KafkaException e) {
            try {
                producer.flush();
            } catch (RuntimeException flushFailure) {
                e.addSuppressed(flushFailure);
            }
            Acknowledgements.Failure lost = acknowledgements.firstFailure();
            if (lost == null) {
                return failure(e);
            }
            PublishFailedException failure = sendFailed(lost);
            failure.addSuppressed(e);
            return failure;
        }

        private PublishFailedException failure(KafkaException e) {
            String fix;
            if (causedBy(e, ProducerFencedException.class)
                    || causedBy(e, InvalidProducerEpochException.class)) {
                fix =
                        "a newer attempt of this Spark partition (a retry or a speculative copy)"
                                + " took over its transactional id, so this attempt's records are"
                                + " discarded and the newer attempt publishes them";
            } else if (causedBy(e, InvalidTxnTimeoutException.class)) {
                fix =
                        PublishOptionKey.TRANSACTION_TIMEOUT.key()
                                + "="
                                + options.valueOf(PublishOptionKey.TRANSACTION_TIMEOUT)
                                + " exceeds the broker's transaction.max.timeout.ms; set it"
                                + " lower, or raise the broker's limit";
            } else if (inTransaction && causedBy(e, TimeoutException.class)) {
                fix =
                        "the broker did not answer in time. If the commit itself timed out, its"
                                + " outcome is unknown: the retry's initTransactions completes or"
                                + " aborts it, and if it completed, the partition is published"
                                + " twice, which the manifest and the ledger show (see"
                                + " PartitionPublisher)";
            } else {
                fix =
                        "nothing of this attempt is visible (its transaction is aborted), and the"
                                + " task fails for Spark to retry it";
            }
            return new PublishFailedException(
                    jobId,
                    sparkPartition,
                    where() + " after " + sent + " records sent: " + e + "; " + fix,
                    e);
        }

        private String where() {
            return "Job "
                    + jobId
                    + ", Spark partition "
                    + sparkPartition
                    + ": publishing to "
                    + topic
                    + " with transactional id "
                    + transactionalId
                    + " failed";
        }

        /**
         * Aborts the open transaction so that read_committed readers need not wait for the retry.
         * The interrupt flag of a killed task is cleared meanwhile, or the abort's wait would end
         * at once; an abort that fails still leaves nothing visible, since the retry's {@code
         * initTransactions} aborts the transaction.
         */
        private void abort(Throwable failure) {
            if (!inTransaction) {
                return;
            }
            boolean interrupted = Thread.interrupted();
            try {
                producer.abortTransaction();
                inTransaction = false;
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Errors after which the producer may only be closed (KafkaProducer's Javadoc): aborting would
     * fail too.
     */
    private static boolean isFatal(Throwable e) {
        return causedBy(e, ProducerFencedException.class)
                || causedBy(e, OutOfOrderSequenceException.class)
                || causedBy(e, AuthorizationException.class);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
