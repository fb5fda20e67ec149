package io.kappareplay.schemas.spec;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kafka cluster: {@code kafka} in a spec. Properties reach every Kafka client of the job as
 * they are, after {@code ${VAR}} references were replaced from the environment.
 *
 * <pre>{@code
 * kafka:
 *   bootstrap-servers: broker-1:9093,broker-2:9093
 *   properties:
 *     security.protocol: SASL_SSL
 *     sasl.mechanism: PLAIN
 *     sasl.jaas.config: >-
 *       org.apache.kafka.common.security.plain.PlainLoginModule required
 *       username="replay" password="${KAFKA_PASSWORD}";
 * }</pre>
 *
 * @param bootstrapServers {@code kafka.bootstrap-servers}: {@code host:port[,host:port...]}
 * @param properties {@code kafka.properties}, in spec order
 */
public record KafkaSpec(String bootstrapServers, Map<String, String> properties) {

    public KafkaSpec {
        requireNonNull(bootstrapServers, "bootstrapServers");
        properties = copyProperties(properties);
        Violations violations = new Violations();
        SpecRules.bootstrapServers(violations, bootstrapServers);
        SpecRules.kafkaProperties(violations, properties);
        violations.throwIfAny();
    }

    static Map<String, String> copyProperties(Map<String, String> properties) {
        Map<String, String> copy = new LinkedHashMap<>(properties);
        copy.forEach(
                (name, value) -> {
                    requireNonNull(name, "property name");
                    requireNonNull(value, "value of property " + name);
                });
        return Collections.unmodifiableMap(copy);
    }

    /** Names the properties without their values, which may hold secrets. */
    @Override
    public String toString() {
        return "KafkaSpec[bootstrapServers="
                + bootstrapServers
                + ", properties="
                + properties.keySet()
                + "]";
    }
}
