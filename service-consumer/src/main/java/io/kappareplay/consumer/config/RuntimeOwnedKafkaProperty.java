package io.kappareplay.consumer.config;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Kafka client properties the runtime sets itself, each with the reason a user would want to
 * know. This is the one list both sides read: the configuration refuses each of them from the
 * {@code kafka.*} pass-through ({@code --kafka.acks 0} is an error, not a flag that silently
 * loses), and the runtime's client setup ({@code RuntimeClients}) sets no other property, which its
 * test checks. A property the runtime starts to set is therefore refused in the same change.
 *
 * <p>{@code linger.ms} is not here: the runtime only defaults it (5 ms) for its producer, so a
 * value from the pass-through or the job spec's {@code kafka.properties} wins.
 *
 * <pre>{@code
 * RuntimeOwnedKafkaProperty.named("acks").map(RuntimeOwnedKafkaProperty::reason);
 * // the runtime needs acks=all for its idempotent producer
 * properties.put(RuntimeOwnedKafkaProperty.ACKS.property(), "all");
 * }</pre>
 */
public enum RuntimeOwnedKafkaProperty {
    // Every client.
    BOOTSTRAP_SERVERS(
            "bootstrap.servers",
            "set kafka.bootstrap-servers in the job spec instead; the publisher and the sink read"
                    + " the job's cluster from there too"),
    CLIENT_ID(
            "client.id",
            "the runtime names its clients after the job's group (kappa.<job-id>-consumer,"
                    + " kappa.<job-id>-producer), so broker logs and quotas tell jobs apart"),
    KEY_SERIALIZER("key.serializer", Reasons.SERDES),
    VALUE_SERIALIZER("value.serializer", Reasons.SERDES),
    KEY_DESERIALIZER("key.deserializer", Reasons.SERDES),
    VALUE_DESERIALIZER("value.deserializer", Reasons.SERDES),

    // The consumer.
    GROUP_ID(
            "group.id",
            "the runtime joins the group kappa.<job-id> (in share-group mode the share group"
                    + " kappa.<job-id>.share), named by the job id"),
    GROUP_INSTANCE_ID(
            "group.instance.id",
            "set kappa.consumer.instance-id (--instance-id, KAPPA_CONSUMER_INSTANCE_ID) instead"),
    ENABLE_AUTO_COMMIT(
            "enable.auto.commit",
            "the runtime commits only offsets whose records are finished; auto-commit could"
                    + " commit past unfinished records"),
    ISOLATION_LEVEL(
            "isolation.level",
            "the runtime reads read_committed, because the publisher writes in transactions"),
    AUTO_OFFSET_RESET(
            "auto.offset.reset",
            "a job's group must start at the earliest ingress offset, or records published before"
                    + " its consumers joined would never be replayed"),
    GROUP_PROTOCOL(
            "group.protocol",
            "the runtime's rebalance handling is built for the classic group protocol with the"
                    + " cooperative sticky assignor"),
    PARTITION_ASSIGNMENT_STRATEGY(
            "partition.assignment.strategy",
            "the runtime uses the cooperative sticky assignor, so that a rebalance revokes only"
                    + " the partitions that move"),
    MAX_POLL_RECORDS(
            "max.poll.records",
            "derived from --max-in-flight (min(max-in-flight, 1000) records per poll); set"
                    + " kappa.consumer.max-in-flight instead"),

    // The share consumer (group-type: share).
    SHARE_ACKNOWLEDGEMENT_MODE(
            "share.acknowledgement.mode",
            "share-group mode acknowledges each record explicitly (explicit), once its outputs or"
                    + " its dead letter are written"),
    SHARE_ACQUIRE_MODE(
            "share.acquire.mode",
            "share-group mode acquires no more records per poll than max.poll.records"
                    + " (record_limit), so that no record waits unprocessed under its acquisition"
                    + " lock"),

    // The producer.
    ENABLE_IDEMPOTENCE(
            "enable.idempotence",
            "the egress producer is idempotent, so that a retried send never duplicates an"
                    + " output"),
    ACKS("acks", "the runtime needs acks=all for its idempotent producer"),
    TRANSACTIONAL_ID(
            "transactional.id",
            "exactly-once mode derives transactional ids from the job id (kappa.<job-id>.)");

    private static final Map<String, RuntimeOwnedKafkaProperty> BY_PROPERTY =
            Arrays.stream(values())
                    .collect(
                            Collectors.toUnmodifiableMap(
                                    RuntimeOwnedKafkaProperty::property, Function.identity()));

    private final String property;
    private final String reason;

    RuntimeOwnedKafkaProperty(String property, String reason) {
        this.property = property;
        this.reason = reason;
    }

    /** The client property's name, e.g. {@code acks}. */
    public String property() {
        return property;
    }

    /** Why the runtime sets it, and what to do instead where there is something. */
    public String reason() {
        return reason;
    }

    /** The constant for a client property's name, if the runtime sets that property. */
    public static Optional<RuntimeOwnedKafkaProperty> named(String property) {
        return Optional.ofNullable(BY_PROPERTY.get(property));
    }

    /**
     * Reasons shared by several constants, which an enum's constants cannot read from its fields.
     */
    private static final class Reasons {
        static final String SERDES =
                "the runtime picks its own serializers: the job's Avro contract for ingress and"
                        + " egress, the original bytes for the DLQ";
    }
}
