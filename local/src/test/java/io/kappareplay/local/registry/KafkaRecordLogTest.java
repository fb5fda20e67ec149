package io.kappareplay.local.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaRecordLogTest {

    private static Properties userSettings() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", "127.0.0.1:9092");
        properties.put("security.protocol", "SASL_SSL");
        properties.put("sasl.mechanism", "PLAIN");
        properties.put("ssl.truststore.location", "/etc/kafka/truststore.p12");
        // Settings the registry's guarantees rest on; a user file cannot weaken them.
        properties.put("acks", "0");
        properties.put("enable.idempotence", "false");
        properties.put("transactional.id", "someone-else");
        properties.put("isolation.level", "read_uncommitted");
        properties.put("enable.auto.commit", "true");
        properties.put("group.id", "shared");
        // Tunables the file may change.
        properties.put("delivery.timeout.ms", "45000");
        return properties;
    }

    @Test
    void theProducerIsIdempotentWithAcksAllWhateverTheFileSays() {
        Properties producer = KafkaRecordLog.producerProperties(userSettings());

        assertThat(producer)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .doesNotContainKey("transactional.id")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .containsEntry("delivery.timeout.ms", "45000")
                .containsEntry("client.id", "kappa-registry-writer");
    }

    @Test
    void theProducerDefaultsFailASendWithinTheSendTimeout() {
        Properties producer = KafkaRecordLog.producerProperties(new Properties());

        long delivery = Long.parseLong((String) producer.get("delivery.timeout.ms"));
        long request = Long.parseLong((String) producer.get("request.timeout.ms"));
        assertThat(delivery).isLessThan(KafkaRecordLog.SEND_TIMEOUT.toMillis());
        // Kafka refuses a producer whose delivery timeout is below linger + request timeout.
        assertThat(delivery).isGreaterThanOrEqualTo(request);
        assertThat(producer).containsEntry("linger.ms", "0");
    }

    @Test
    void theConsumerReadsCommittedWithoutAGroup() {
        Properties consumer = KafkaRecordLog.consumerProperties(userSettings());

        assertThat(consumer)
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", "false")
                .doesNotContainKey("group.id")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("client.id", "kappa-registry-reader");
    }

    @Test
    void theAdminGetsTheConnectionSettings() {
        assertThat(KafkaRecordLog.adminProperties(userSettings()))
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("sasl.mechanism", "PLAIN");
    }
}
