package io.kappareplay.consumer.runtime;

import io.kappareplay.consumer.config.ConfigProblem;
import io.kappareplay.consumer.config.ConsumerConfig;
import io.kappareplay.consumer.config.ConsumerConfigException;
import io.kappareplay.consumer.config.ConsumerConfigKey;
import io.kappareplay.consumer.config.RuntimeOwnedKafkaProperty;
import io.kappareplay.schemas.kafka.TopicProvisioner;
import io.kappareplay.schemas.naming.JobNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the runtime's Kafka clients connect with, and the egress and DLQ topics they need. The
 * consumer reads committed records only, commits by hand and joins the group with the cooperative
 * assignor; the producer is idempotent with {@code acks=all}.
 *
 * <p>Every property set here over the pass-through is a {@link RuntimeOwnedKafkaProperty}, which
 * the configuration refuses from {@code --kafka.*} so that no flag silently loses ({@code
 * RuntimeClientsTest} checks that no other property is set). {@code linger.ms} is only defaulted.
 *
 * <p>In share-group mode the share consumer acknowledges explicitly and acquires no more than
 * {@code max.poll.records} per poll.
 *
 * <p>Used by the thread that constructs {@link ReplayConsumer} or {@link ShareGroupReplayConsumer},
 * before any runtime thread starts.
 */
final class RuntimeClients {
    private static final Logger log = LoggerFactory.getLogger(RuntimeClients.class);

    /**
     * Consumer properties a share consumer refuses to start with (kafka-clients 4.4's {@code
     * ShareConsumerConfig}): the share group's broker-side configs, or the group protocol, decide
     * these. The spec's {@code kafka.properties} and the pass-through may hold them for a consumer
     * group; share-group mode leaves them out.
     */
    static final Set<String> NOT_FOR_SHARE_CONSUMERS =
            Set.of(
                    "auto.offset.reset",
                    "enable.auto.commit",
                    "group.instance.id",
                    "isolation.level",
                    "partition.assignment.strategy",
                    "interceptor.classes",
                    "session.timeout.ms",
                    "heartbeat.interval.ms",
                    "group.protocol",
                    "group.remote.assignor");

    /** How long an admin request (describe, create, offsets) may take. */
    static final Duration ADMIN_TIMEOUT = Duration.ofMinutes(1);

    /** {@code max.poll.records} never exceeds this, however high the in-flight limit. */
    private static final int MAX_POLL_RECORDS = 1_000;

    /**
     * The producer's {@code linger.ms} unless the user sets one: a little batching for the many
     * small egress records. A default, not a {@link RuntimeOwnedKafkaProperty}, because nothing in
     * the runtime depends on it, so a user trading latency for throughput may change it.
     */
    static final String DEFAULT_LINGER_MS = "5";

    private final String jobId;
    private final JobNames names;
    private final ConsumerConfig config;
    private final Map<String, String> clientProperties;

    RuntimeClients(
            String jobId,
            JobNames names,
            ConsumerConfig config,
            Map<String, String> clientProperties) {
        this.jobId = jobId;
        this.names = names;
        this.config = config;
        this.clientProperties = clientProperties;
    }

    /**
     * Creates egress and DLQ with as many partitions as ingress, so an output lands in the
     * partition number of its input.
     *
     * @return the number of ingress partitions
     */
    int provisionTopics(Admin admin) {
        int partitions;
        try {
            partitions =
                    admin.describeTopics(List.of(names.ingressTopic()))
                            .allTopicNames()
                            .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .get(names.ingressTopic())
                            .partitions()
                            .size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing ingress", e);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Job "
                            + jobId
                            + ": cannot describe "
                            + names.ingressTopic()
                            + " (the publisher creates it): "
                            + e,
                    e);
        }
        TopicProvisioner topics = new TopicProvisioner(admin, ADMIN_TIMEOUT);
        topics.ensure(names.egressTopic(), partitions, Map.of());
        topics.ensure(names.dlqTopic(), partitions, Map.of());
        return partitions;
    }

    /**
     * Refuses ingress end offsets that do not list exactly the partitions of ingress: a replay
     * whose end is unknown on some partition could never be found drained.
     *
     * @throws ConsumerConfigException naming the partitions missing or unknown
     */
    void checkEndOffsets(int ingressPartitions) {
        Map<Integer, Long> ends = config.ingressEndOffsets();
        if (ends.isEmpty()) {
            return;
        }
        Set<Integer> missing = new TreeSet<>();
        for (int partition = 0; partition < ingressPartitions; partition++) {
            if (!ends.containsKey(partition)) {
                missing.add(partition);
            }
        }
        Set<Integer> unknown = new TreeSet<>(ends.keySet());
        unknown.removeIf(partition -> partition < ingressPartitions);
        if (missing.isEmpty() && unknown.isEmpty()) {
            return;
        }
        List<String> wrong = new ArrayList<>();
        if (!missing.isEmpty()) {
            wrong.add("misses partitions " + missing);
        }
        if (!unknown.isEmpty()) {
            wrong.add("lists partitions " + unknown + " that " + names.ingressTopic() + " lacks");
        }
        ConsumerConfigKey key = ConsumerConfigKey.INGRESS_END_OFFSETS;
        throw new ConsumerConfigException(
                List.of(
                        new ConfigProblem(
                                key.key(),
                                Optional.empty(),
                                Optional.empty(),
                                String.join(" and ", wrong),
                                "list one end offset for each partition of "
                                        + names.ingressTopic()
                                        + ", 0 to "
                                        + (ingressPartitions - 1)
                                        + ", e.g. from the publisher's ingress manifest")));
    }

    Map<String, Object> adminProperties() {
        return new HashMap<>(clientProperties);
    }

    Map<String, Object> consumerProperties() {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        set(properties, RuntimeOwnedKafkaProperty.GROUP_ID, names.consumerGroup());
        set(properties, RuntimeOwnedKafkaProperty.ISOLATION_LEVEL, "read_committed");
        set(properties, RuntimeOwnedKafkaProperty.ENABLE_AUTO_COMMIT, "false");
        set(properties, RuntimeOwnedKafkaProperty.AUTO_OFFSET_RESET, "earliest");
        set(properties, RuntimeOwnedKafkaProperty.GROUP_PROTOCOL, "classic");
        set(
                properties,
                RuntimeOwnedKafkaProperty.PARTITION_ASSIGNMENT_STRATEGY,
                CooperativeStickyAssignor.class.getName());
        set(
                properties,
                RuntimeOwnedKafkaProperty.MAX_POLL_RECORDS,
                Math.max(1, Math.min(config.maxInFlight(), MAX_POLL_RECORDS)));
        config.instanceId()
                .ifPresent(id -> set(properties, RuntimeOwnedKafkaProperty.GROUP_INSTANCE_ID, id));
        set(properties, RuntimeOwnedKafkaProperty.CLIENT_ID, names.consumerGroup() + "-consumer");
        return properties;
    }

    /**
     * The share consumer of share-group mode: in the job's share group, acknowledging each record
     * explicitly, acquiring at most {@code min(max-in-flight, 1000)} records per poll.
     */
    Map<String, Object> shareConsumerProperties() {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        Set<String> dropped = new TreeSet<>(properties.keySet());
        dropped.retainAll(NOT_FOR_SHARE_CONSUMERS);
        if (!dropped.isEmpty()) {
            log.warn(
                    "Job {}: the share consumer does not take {}; they are left out (the share"
                            + " group's own configs decide these)",
                    jobId,
                    dropped);
            properties.keySet().removeAll(dropped);
        }
        set(properties, RuntimeOwnedKafkaProperty.GROUP_ID, names.shareGroup());
        set(properties, RuntimeOwnedKafkaProperty.SHARE_ACKNOWLEDGEMENT_MODE, "explicit");
        set(properties, RuntimeOwnedKafkaProperty.SHARE_ACQUIRE_MODE, "record_limit");
        set(
                properties,
                RuntimeOwnedKafkaProperty.MAX_POLL_RECORDS,
                Math.max(1, Math.min(config.maxInFlight(), MAX_POLL_RECORDS)));
        set(properties, RuntimeOwnedKafkaProperty.CLIENT_ID, names.consumerGroup() + "-consumer");
        return properties;
    }

    /**
     * @param exactlyOnce whether the producer is transactional: its id is {@code
     *     kappa.<job>.consumer.<instance-id>}, so that a restarted instance fences its previous
     *     incarnation and aborts its open transaction at once, or a random suffix without an
     *     instance id (an open transaction of a killed instance then lasts until {@code
     *     transaction.timeout.ms})
     */
    Map<String, Object> producerProperties(boolean exactlyOnce) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        if (exactlyOnce) {
            set(
                    properties,
                    RuntimeOwnedKafkaProperty.TRANSACTIONAL_ID,
                    names.transactionalIdPrefix()
                            + "consumer."
                            + config.instanceId().orElseGet(() -> UUID.randomUUID().toString()));
        }
        set(properties, RuntimeOwnedKafkaProperty.ENABLE_IDEMPOTENCE, "true");
        set(properties, RuntimeOwnedKafkaProperty.ACKS, "all");
        properties.putIfAbsent("linger.ms", DEFAULT_LINGER_MS);
        set(properties, RuntimeOwnedKafkaProperty.CLIENT_ID, names.consumerGroup() + "-producer");
        return properties;
    }

    /** Sets a property the configuration refused from the pass-through, so it cannot clash. */
    private static void set(
            Map<String, Object> properties, RuntimeOwnedKafkaProperty property, Object value) {
        properties.put(property.property(), value);
    }
}
