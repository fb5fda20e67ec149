package io.kappareplay.consumer.runtime;

import io.kappareplay.consumer.config.ConfigProblem;
import io.kappareplay.consumer.config.ConsumerConfigException;
import io.kappareplay.consumer.config.ConsumerConfigKey;
import io.kappareplay.schemas.kafka.KafkaCallException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;

/**
 * The share group's own settings, which the runtime sets at start before it joins: group configs on
 * the {@code GROUP} config resource, set incrementally, so every instance of the job sets the same
 * values again without harm.
 *
 * <ul>
 *   <li>{@code share.auto.offset.reset=earliest}: a share group starts at the latest offset by
 *       default, which would skip everything published before the first instance joined;
 *   <li>{@code share.isolation.level=read_committed}: the publisher writes in transactions, and a
 *       share group reads uncommitted (aborted too) by default;
 *   <li>{@code share.delivery.count.limit}: {@code retry.max-attempts} plus {@link
 *       #SPARE_DELIVERIES}. The broker archives a record after that many deliveries without any
 *       dead letter; the runtime dead-letters it at {@code retry.max-attempts} itself, and the
 *       spare deliveries cover deliveries that ended without an acknowledgement (a killed instance,
 *       an expired acquisition lock), so that such a record still reaches its dead letter.
 * </ul>
 *
 * <pre>{@code
 * ShareGroupSettings.Applied applied =
 *         ShareGroupSettings.apply(admin, "kappa.orders.share", 5, Duration.ofMinutes(1));
 * applied.lockDuration();        // PT30S unless the group or the broker says otherwise
 * }</pre>
 */
final class ShareGroupSettings {
    static final String AUTO_OFFSET_RESET = "share.auto.offset.reset";
    static final String ISOLATION_LEVEL = "share.isolation.level";
    static final String DELIVERY_COUNT_LIMIT = "share.delivery.count.limit";
    static final String RECORD_LOCK_DURATION = "share.record.lock.duration.ms";
    static final String BROKER_DEAD_LETTER_TOPIC = "errors.deadletterqueue.topic.name";

    /** Deliveries the group allows beyond {@code retry.max-attempts}. */
    static final int SPARE_DELIVERIES = 2;

    /** Kafka's default acquisition lock, for a broker that does not describe the group's. */
    static final Duration DEFAULT_LOCK_DURATION = Duration.ofSeconds(30);

    /**
     * What the group runs with after {@link #apply}.
     *
     * @param deliveryCountLimit deliveries after which the broker archives a record
     * @param lockDuration how long a record stays acquired by the instance it was delivered to
     * @param brokerDeadLetterTopic the group's own dead letter topic (KIP-1191), if an operator set
     *     one: the broker copies rejected records there, besides the runtime's DLQ
     */
    record Applied(
            int deliveryCountLimit,
            Duration lockDuration,
            Optional<String> brokerDeadLetterTopic) {}

    private ShareGroupSettings() {}

    /**
     * Sets the group configs above and reads back the lock duration.
     *
     * @throws ConsumerConfigException if the broker allows fewer deliveries than {@code
     *     retry.max-attempts}: its {@code group.share.max.delivery.count.limit} is lower
     * @throws KafkaCallException if the cluster refuses the configs or does not answer
     */
    static Applied apply(Admin admin, String group, int maxAttempts, Duration timeout) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        set(
                admin,
                resource,
                List.of(
                        entry(AUTO_OFFSET_RESET, "earliest"),
                        entry(ISOLATION_LEVEL, "read_committed")),
                timeout);
        int limit = maxAttempts + SPARE_DELIVERIES;
        try {
            set(admin, resource, List.of(entry(DELIVERY_COUNT_LIMIT, limit)), timeout);
        } catch (KafkaCallException aboveTheBrokersMaximum) {
            if (!isInvalidValue(aboveTheBrokersMaximum)) {
                throw aboveTheBrokersMaximum;
            }
            // No spare deliveries: a record whose last delivery ends unacknowledged is archived.
            limit = maxAttempts;
            try {
                set(admin, resource, List.of(entry(DELIVERY_COUNT_LIMIT, limit)), timeout);
            } catch (KafkaCallException refused) {
                if (!isInvalidValue(refused)) {
                    throw refused;
                }
                throw new ConsumerConfigException(
                        List.of(
                                new ConfigProblem(
                                        ConsumerConfigKey.RETRY_MAX_ATTEMPTS.key(),
                                        Optional.empty(),
                                        Optional.of(Integer.toString(maxAttempts)),
                                        "is more than the deliveries the cluster allows a share"
                                                + " group ("
                                                + refused.getCause().getMessage()
                                                + ")",
                                        "use fewer attempts in share-group mode, at most the"
                                                + " broker's group.share.max.delivery.count.limit"
                                                + " (10 by default) minus "
                                                + SPARE_DELIVERIES)));
            }
        }
        Config config =
                AdminCalls.await(
                                admin.describeConfigs(List.of(resource)).all(),
                                timeout,
                                "describe the configs of share group " + group)
                        .get(resource);
        Duration lock =
                Optional.ofNullable(config == null ? null : config.get(RECORD_LOCK_DURATION))
                        .map(ConfigEntry::value)
                        .map(value -> Duration.ofMillis(Long.parseLong(value)))
                        .orElse(DEFAULT_LOCK_DURATION);
        Optional<String> deadLetters =
                Optional.ofNullable(config == null ? null : config.get(BROKER_DEAD_LETTER_TOPIC))
                        .map(ConfigEntry::value)
                        .filter(value -> !value.isBlank());
        return new Applied(limit, lock, deadLetters);
    }

    private static void set(
            Admin admin,
            ConfigResource resource,
            Collection<AlterConfigOp> operations,
            Duration timeout) {
        AdminCalls.await(
                admin.incrementalAlterConfigs(Map.of(resource, operations)).all(),
                timeout,
                "set " + operations + " on share group " + resource.name());
    }

    private static AlterConfigOp entry(String name, Object value) {
        return new AlterConfigOp(
                new ConfigEntry(name, String.valueOf(value)), AlterConfigOp.OpType.SET);
    }

    private static boolean isInvalidValue(KafkaCallException e) {
        return e.getCause() instanceof InvalidConfigurationException
                || e.getCause() instanceof InvalidRequestException;
    }
}
