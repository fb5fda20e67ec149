package io.kappareplay.publisher.publish;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The properties of a task's transactional producer: the job's Kafka client properties (the spec's
 * {@code kafka} section: servers, security) with what the publisher's guarantees need on top.
 *
 * <p>The properties in {@link #OWNED} carry those guarantees, so a job that sets one is refused
 * rather than silently overridden; {@link #DEFAULTS} only tune throughput and are the job's to
 * change.
 */
final class ProducerProperties {

    /** Set by the publisher, with the reason a user who set one is told. */
    static final Map<String, String> OWNED = owned();

    /**
     * Set unless the job sets them. Keyed records spread over every partition of the topic (100 by
     * default), so each partition's batch fills slowly: a long linger gathers more of them per
     * batch, and larger batches compress better. The producer takes a whole {@code batch.size} from
     * {@code buffer.memory} for every partition's open batch, so Kafka's 32 MiB with 256 KiB
     * batches over 100 partitions blocked sends for seconds. bench/publisher.sh, 1M rows of 177
     * bytes, 4 tasks on local[2]: linger.ms=10, batch.size=256 KiB, 32 MiB: 83k rows/s; with 128
     * MiB: 88k; linger.ms=50, 64 KiB, 64 MiB: 102k; these: 109k. Each running task holds one such
     * producer, so an executor needs {@code buffer.memory} of heap per core.
     */
    static final Map<String, String> DEFAULTS =
            Map.of("linger.ms", "100", "batch.size", "131072", "buffer.memory", "67108864");

    private ProducerProperties() {}

    private static Map<String, String> owned() {
        Map<String, String> owned = new LinkedHashMap<>();
        owned.put(
                "transactional.id",
                "each task's id is kappa.<job>.publisher.<spark partition>, so that a retried task"
                        + " fences its failed predecessor");
        owned.put(
                "enable.idempotence",
                "transactions need the idempotent producer, which also keeps a retried send from"
                        + " writing a record twice");
        owned.put("acks", "a record counts as published only once every in-sync replica has it");
        owned.put("key.serializer", "keys are the business key as UTF-8 text");
        owned.put(
                "value.serializer",
                "values arrive encoded in Confluent's wire format and are sent as they are");
        owned.put(
                "compression.type",
                "set " + PublishOptionKey.COMPRESSION.key() + " (lz4, zstd or none) instead");
        owned.put(
                "transaction.timeout.ms",
                "set " + PublishOptionKey.TRANSACTION_TIMEOUT.key() + " instead");
        return Map.copyOf(owned);
    }

    /**
     * @throws PublishConfigException naming each owned property the job sets, and a missing {@code
     *     bootstrap.servers}
     */
    static void check(Map<String, String> kafkaProperties) {
        List<String> problems = new ArrayList<>();
        if (!kafkaProperties.containsKey("bootstrap.servers")) {
            problems.add(
                    "bootstrap.servers is missing from the Kafka client properties; set"
                            + " kafka.bootstrap-servers in the job spec");
        }
        kafkaProperties.keySet().stream()
                .filter(OWNED::containsKey)
                .sorted()
                .forEach(
                        property ->
                                problems.add(
                                        "Kafka property "
                                                + property
                                                + " is set by the publisher and may not be set by"
                                                + " the job: "
                                                + OWNED.get(property)));
        if (!problems.isEmpty()) {
            throw new PublishConfigException(problems);
        }
    }

    static Map<String, Object> of(
            Map<String, String> kafkaProperties, String transactionalId, PublishOptions options) {
        Map<String, Object> properties = new HashMap<>(kafkaProperties);
        DEFAULTS.forEach(properties::putIfAbsent);
        properties.putIfAbsent("client.id", transactionalId);
        properties.put("transactional.id", transactionalId);
        properties.put("enable.idempotence", "true");
        properties.put("acks", "all");
        properties.put("compression.type", options.compression().value());
        properties.put(
                "transaction.timeout.ms", Long.toString(options.transactionTimeout().toMillis()));
        return properties;
    }
}
