package io.kappareplay.consumer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.config.ConsumerConfig;
import io.kappareplay.consumer.config.RuntimeOwnedKafkaProperty;
import io.kappareplay.schemas.naming.JobNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The properties the runtime sets on its Kafka clients are exactly those the configuration refuses
 * from the pass-through, so that no {@code --kafka.*} flag is accepted and then silently lost.
 */
class RuntimeClientsTest {
    private static final JobNames NAMES = JobNames.of("orders-2024-06");

    @Test
    void setsNoPropertyThatThePassThroughAccepts() {
        // With an instance id, so that every conditional property is set too.
        RuntimeClients clients =
                clients(
                        Map.of("kappa.consumer.instance-id", "replay-0"),
                        Map.of("bootstrap.servers", "broker-1:9092"));

        Set<String> setByRuntime = new TreeSet<>();
        setByRuntime.addAll(clients.consumerProperties().keySet());
        setByRuntime.addAll(clients.shareConsumerProperties().keySet());
        setByRuntime.addAll(clients.producerProperties(true).keySet());
        setByRuntime.addAll(clients.adminProperties().keySet());
        // The one default the runtime leaves to the user; bootstrap.servers came from the spec.
        setByRuntime.remove("linger.ms");

        assertThat(setByRuntime)
                .allSatisfy(
                        property ->
                                assertThat(RuntimeOwnedKafkaProperty.named(property))
                                        .as("%s is refused from --kafka.*", property)
                                        .isPresent());
    }

    @Test
    void setsWhatTheRefusalsPromise() {
        RuntimeClients clients =
                clients(
                        Map.of("kappa.consumer.max-in-flight", "200"),
                        Map.of("bootstrap.servers", "broker-1:9092"));

        assertThat(clients.consumerProperties())
                .containsEntry("max.poll.records", 200)
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("client.id", "kappa.orders-2024-06-consumer");
        assertThat(clients.producerProperties(false))
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("client.id", "kappa.orders-2024-06-producer")
                .doesNotContainKey("transactional.id");
    }

    @Test
    void exactlyOnceProducersAreTransactionalUnderTheInstanceId() {
        assertThat(
                        clients(Map.of("kappa.consumer.instance-id", "replay-3"), Map.of())
                                .producerProperties(true))
                .containsEntry("transactional.id", "kappa.orders-2024-06.consumer.replay-3");
        // Without an instance id every instance gets an id of its own.
        assertThat(clients(Map.of(), Map.of()).producerProperties(true).get("transactional.id"))
                .asString()
                .startsWith("kappa.orders-2024-06.consumer.")
                .isNotEqualTo(
                        clients(Map.of(), Map.of())
                                .producerProperties(true)
                                .get("transactional.id"));
    }

    @Test
    void theShareConsumerAcknowledgesExplicitlyInTheShareGroup() {
        assertThat(
                        clients(Map.of("kappa.consumer.max-in-flight", "50"), Map.of())
                                .shareConsumerProperties())
                .containsEntry("group.id", "kappa.orders-2024-06.share")
                .containsEntry("share.acknowledgement.mode", "explicit")
                .containsEntry("share.acquire.mode", "record_limit")
                .containsEntry("max.poll.records", 50)
                .doesNotContainKeys("isolation.level", "auto.offset.reset", "group.protocol");
    }

    @Test
    void theShareConsumerLeavesOutWhatItRefuses() {
        // Given for a consumer group in the spec or the pass-through; a share consumer would fail.
        Map<String, Object> properties =
                clients(
                                Map.of(),
                                Map.of(
                                        "session.timeout.ms", "6000",
                                        "heartbeat.interval.ms", "1000",
                                        "security.protocol", "SASL_SSL"))
                        .shareConsumerProperties();

        assertThat(properties)
                .doesNotContainKeys("session.timeout.ms", "heartbeat.interval.ms")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void lingerMsIsOnlyADefault() {
        assertThat(clients(Map.of(), Map.of()).producerProperties(false))
                .containsEntry("linger.ms", RuntimeClients.DEFAULT_LINGER_MS);
        assertThat(clients(Map.of(), Map.of("linger.ms", "50")).producerProperties(false))
                .containsEntry("linger.ms", "50");
    }

    private static RuntimeClients clients(
            Map<String, String> settings, Map<String, String> clientProperties) {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("kappa.consumer.job-spec", "job.yaml");
        ConsumerConfig config = ConsumerConfig.load(properties, Map.of(), List.of());
        return new RuntimeClients(NAMES.jobId(), NAMES, config, clientProperties);
    }
}
