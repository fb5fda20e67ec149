package io.kappareplay.publisher.publish;

import static java.util.Objects.requireNonNull;

import io.kappareplay.publisher.manifest.IngressReadBack;
import io.kappareplay.publisher.manifest.LedgerCursor;
import io.kappareplay.publisher.manifest.LedgerRow;
import io.kappareplay.publisher.manifest.TopicEnds;
import io.kappareplay.schemas.kafka.KafkaCallException;
import io.kappareplay.schemas.kafka.TopicProvisioner;
import io.kappareplay.schemas.naming.JobNames;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code kappa.<job>.ingress} ready for a publish run, on the driver, before any task starts:
 * creates it when missing, takes it as it is when it exists empty with the job's partition count,
 * and refuses it when it already holds committed records, since publishing again would append a
 * second copy of the snapshot that consumers replay twice. With {@link PublishOptions#replace()}
 * such a topic is deleted and created anew instead.
 *
 * <p>Creation goes through {@link TopicProvisioner}, which returns only once every partition
 * answers ListOffsets: an idempotent producer writing into partitions that have no leader yet can
 * lose records (VERSIONS.md, KAFKA-15591). A replaced topic is created only once the deletion has
 * reached the broker's metadata, so the new topic never answers with the old one's partitions.
 *
 * <p>Replacing touches the ingress topic only: the egress and DLQ topics of the earlier run, and
 * what was landed from them, are the job lifecycle's to clear.
 *
 * <pre>{@code
 * new IngressTopicGuard(kafkaProperties, options).prepare(JobNames.of("orders"), spec.ingress().partitions());
 * }</pre>
 */
public final class IngressTopicGuard {
    private static final Logger log = LoggerFactory.getLogger(IngressTopicGuard.class);
    private static final long BACKOFF_MILLIS = 50;

    /** What {@link #prepare} found and did. */
    public enum Outcome {
        /** The topic did not exist and was created. */
        CREATED,
        /** The topic existed with the job's partition count and no committed records. */
        EXISTED_EMPTY,
        /**
         * The topic existed with records or another partition count and was deleted and created.
         */
        REPLACED
    }

    private final Map<String, String> kafkaProperties;
    private final PublishOptions options;

    /**
     * @param kafkaProperties the job's Kafka client properties ({@code bootstrap.servers},
     *     security)
     */
    public IngressTopicGuard(Map<String, String> kafkaProperties, PublishOptions options) {
        this.kafkaProperties = Collections.unmodifiableMap(new LinkedHashMap<>(kafkaProperties));
        this.options = requireNonNull(options, "options");
    }

    /**
     * Leaves the job's ingress topic existing, empty, with {@code partitions} partitions that all
     * answer ListOffsets.
     *
     * @param partitions the spec's {@code ingress.partitions}
     * @throws IngressTopicRefusedException if the topic holds committed records, has an open
     *     transaction or another partition count, and {@link PublishOptions#replace()} is false
     */
    public Outcome prepare(JobNames names, int partitions) {
        String topic = names.ingressTopic();
        long deadline = System.nanoTime() + options.adminTimeout().toNanos();
        try (Admin admin = Admin.create(new HashMap<>(kafkaProperties))) {
            Optional<TopicDescription> existing = describe(admin, topic, deadline);
            if (existing.isEmpty()) {
                provision(admin, topic, partitions);
                log.info("Job {}: created {} with {} partitions", names.jobId(), topic, partitions);
                return Outcome.CREATED;
            }
            int existingPartitions = existing.get().partitions().size();
            Optional<String> data = data(topic);
            if (data.isEmpty() && existingPartitions == partitions) {
                provision(admin, topic, partitions);
                log.info(
                        "Job {}: {} exists and holds no records; publishing to it",
                        names.jobId(),
                        topic);
                return Outcome.EXISTED_EMPTY;
            }
            String problem =
                    data.orElse(
                            "has "
                                    + existingPartitions
                                    + " partitions where the job's spec asks for "
                                    + partitions);
            if (!options.replace()) {
                throw new IngressTopicRefusedException(
                        topic,
                        "Job "
                                + names.jobId()
                                + ": the ingress topic "
                                + topic
                                + " "
                                + problem
                                + (data.isPresent()
                                        ? ". Publishing into it would add this run's records to"
                                                + " what is there, and consumers would replay"
                                                + " both"
                                        : "")
                                + ". To delete it and publish anew, run again with "
                                + PublishOptionKey.REPLACE.key()
                                + "=true ("
                                + PublishOptionKey.REPLACE.flag()
                                + "); to keep it, give this run another job id");
            }
            delete(admin, existing.get(), deadline);
            provision(admin, topic, partitions);
            log.warn(
                    "Job {}: replaced {} ({}), as {}=true asked; it now has {} empty partitions",
                    names.jobId(),
                    topic,
                    problem,
                    PublishOptionKey.REPLACE.key(),
                    partitions);
            return Outcome.REPLACED;
        }
    }

    /**
     * Why the topic is not empty, or nothing. A transaction still open after the admin timeout
     * counts: a publisher of this job may be running, or died with it open.
     */
    private Optional<String> data(String topic) {
        IngressReadBack readBack =
                new IngressReadBack(kafkaProperties, topic, options.adminTimeout());
        TopicEnds ends = readBack.settledEnds();
        List<Integer> open = ends.openPartitions();
        if (!open.isEmpty()) {
            return Optional.of(
                    "has an open transaction on partition(s) "
                            + open
                            + " (a publisher of this job is running, or died with its transaction"
                            + " open until the broker aborts it)");
        }
        try (LedgerCursor cursor = readBack.open(ends.stable())) {
            if (!cursor.hasNext()) {
                return Optional.empty();
            }
            LedgerRow first = cursor.next();
            return Optional.of(
                    "already holds committed records, e.g. partition "
                            + first.partition()
                            + " offset "
                            + first.offset()
                            + " with lineage '"
                            + first.lineage()
                            + "' published at "
                            + first.publishTime());
        }
    }

    private void provision(Admin admin, String topic, int partitions) {
        new TopicProvisioner(admin, options.adminTimeout()).ensure(topic, partitions, Map.of());
    }

    /** Deletes the topic and waits until the broker no longer describes it. */
    private void delete(Admin admin, TopicDescription topic, long deadline) {
        await(admin.deleteTopics(List.of(topic.name())).all(), deadline, "delete " + topic.name());
        Uuid deletedId = topic.topicId();
        while (true) {
            Optional<TopicDescription> now = describe(admin, topic.name(), deadline);
            if (now.isEmpty() || !now.get().topicId().equals(deletedId)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new KafkaCallException(
                        "Topic "
                                + topic.name()
                                + " was deleted but the broker still describes it after "
                                + options.adminTimeout()
                                + "; check the broker's health, or raise "
                                + PublishOptionKey.ADMIN_TIMEOUT.key(),
                        null);
            }
            sleep(topic.name());
        }
    }

    private Optional<TopicDescription> describe(Admin admin, String topic, long deadline) {
        try {
            return Optional.of(
                    await(
                                    admin.describeTopics(List.of(topic)).allTopicNames(),
                                    deadline,
                                    "describe " + topic)
                            .get(topic));
        } catch (KafkaCallException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private <T> T await(KafkaFuture<T> future, long deadline, String operation) {
        try {
            return future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new KafkaCallException(
                    "Cannot " + operation + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaCallException(
                    "Cannot "
                            + operation
                            + ": Kafka did not answer within "
                            + options.adminTimeout()
                            + "; check the broker's health, or raise "
                            + PublishOptionKey.ADMIN_TIMEOUT.key(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaCallException("Interrupted while waiting to " + operation, e);
        }
    }

    private static void sleep(String topic) {
        try {
            TimeUnit.MILLISECONDS.sleep(BACKOFF_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaCallException(
                    "Interrupted while waiting for the deletion of " + topic, e);
        }
    }
}
