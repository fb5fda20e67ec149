package io.kappareplay.publisher.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.publisher.manifest.IngressReadBack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PartitionPublisherTest {
    private static final Map<String, String> KAFKA = Map.of("bootstrap.servers", "broker:9092");

    @SuppressWarnings("unchecked")
    private static <T> T viaJavaSerialization(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void theTransactionalIdIsTheSameForEveryAttemptOfASparkPartition() {
        PartitionPublisher publisher =
                new PartitionPublisher("orders", Instant.EPOCH, KAFKA, PublishOptions.defaults());

        assertThat(publisher.transactionalId(7)).isEqualTo("kappa.orders.publisher.7");
    }

    /** Spark ships the publisher to executors and the results and failures back. */
    @Test
    void whatCrossesBetweenDriverAndExecutorsSurvivesJavaSerialization() throws Exception {
        PublishOptions options =
                PublishOptions.fromProperties(
                        Map.of("kappa.publisher.max-records-per-second", "10"));
        PartitionPublisher publisher =
                viaJavaSerialization(
                        new PartitionPublisher("orders", Instant.EPOCH, KAFKA, options));
        PartitionPublishResult result =
                new PartitionPublishResult(
                        3,
                        "kappa.orders.publisher.3",
                        2,
                        -5,
                        new TreeMap<>(Map.of(0, new PartitionPublishResult.SentRange(2, 10, 12))),
                        Duration.ofMillis(4));

        assertThat(publisher.transactionalId(3)).isEqualTo("kappa.orders.publisher.3");
        assertThat(viaJavaSerialization(options)).isEqualTo(options);
        assertThat(viaJavaSerialization(result)).isEqualTo(result);
        assertThat(
                        viaJavaSerialization(
                                        new IngressReadBack(
                                                KAFKA,
                                                "kappa.orders.ingress",
                                                Duration.ofMinutes(1)))
                                .topic())
                .isEqualTo("kappa.orders.ingress");
        assertThat(
                        viaJavaSerialization(
                                new PublishFailedException("orders", 3, "publishing failed", null)))
                .hasMessage("publishing failed")
                .extracting(PublishFailedException::sparkPartition)
                .isEqualTo(3);
    }

    @Test
    void aJobThatSetsTheProducersGuaranteesIsRefusedBeforeAnyTaskRuns() {
        assertThatThrownBy(
                        () ->
                                new PartitionPublisher(
                                        "orders",
                                        Instant.EPOCH,
                                        Map.of(
                                                "bootstrap.servers", "broker:9092",
                                                "transactional.id", "mine"),
                                        PublishOptions.defaults()))
                .isInstanceOf(PublishConfigException.class)
                .hasMessageContaining("Kafka property transactional.id is set by the publisher");
    }

    @Test
    void anInvalidJobIdIsRefused() {
        assertThatThrownBy(
                        () ->
                                new PartitionPublisher(
                                        "Orders_2024",
                                        Instant.EPOCH,
                                        KAFKA,
                                        PublishOptions.defaults()))
                .hasMessageStartingWith("job id 'Orders_2024' is not valid");
    }
}
