package io.kappareplay.publisher.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerPropertiesTest {

    @Test
    void theGuaranteesAreThePublishersOwn() {
        Map<String, Object> properties =
                ProducerProperties.of(
                        Map.of("bootstrap.servers", "broker:9092", "security.protocol", "SSL"),
                        "kappa.orders.publisher.3",
                        PublishOptions.fromProperties(
                                Map.of(
                                        "kappa.publisher.compression", "zstd",
                                        "kappa.publisher.transaction-timeout", "5m")));

        assertThat(properties)
                .containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("security.protocol", "SSL")
                .containsEntry("transactional.id", "kappa.orders.publisher.3")
                .containsEntry("client.id", "kappa.orders.publisher.3")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("acks", "all")
                .containsEntry("compression.type", "zstd")
                .containsEntry("transaction.timeout.ms", "300000")
                .containsEntry("linger.ms", "100")
                .containsEntry("batch.size", "131072")
                .containsEntry("buffer.memory", "67108864");
    }

    @Test
    void throughputDefaultsAreTheJobsToChange() {
        Map<String, Object> properties =
                ProducerProperties.of(
                        Map.of(
                                "bootstrap.servers", "broker:9092",
                                "linger.ms", "50",
                                "batch.size", "1048576",
                                "client.id", "orders-backfill"),
                        "kappa.orders.publisher.0",
                        PublishOptions.defaults());

        assertThat(properties)
                .containsEntry("linger.ms", "50")
                .containsEntry("batch.size", "1048576")
                .containsEntry("client.id", "orders-backfill");
    }

    @Test
    void aGuaranteeSetByTheJobIsRefusedWithItsReason() {
        assertThatThrownBy(
                        () ->
                                ProducerProperties.check(
                                        Map.of(
                                                "bootstrap.servers", "broker:9092",
                                                "acks", "1",
                                                "compression.type", "gzip")))
                .isInstanceOfSatisfying(
                        PublishConfigException.class,
                        e ->
                                assertThat(e.problems())
                                        .containsExactly(
                                                "Kafka property acks is set by the publisher and"
                                                        + " may not be set by the job: a record"
                                                        + " counts as published only once every"
                                                        + " in-sync replica has it",
                                                "Kafka property compression.type is set by the"
                                                        + " publisher and may not be set by the"
                                                        + " job: set kappa.publisher.compression"
                                                        + " (lz4, zstd or none) instead"));
    }

    @Test
    void bootstrapServersAreRequired() {
        assertThatThrownBy(() -> ProducerProperties.check(Map.of()))
                .hasMessage(
                        "bootstrap.servers is missing from the Kafka client properties; set"
                                + " kafka.bootstrap-servers in the job spec");
    }
}
