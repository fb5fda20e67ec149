package io.kappareplay.publisher.publish;

import static io.kappareplay.publisher.publish.TestIngress.SNAPSHOT;
import static io.kappareplay.publisher.publish.TestIngress.kafka;
import static io.kappareplay.publisher.publish.TestIngress.readBack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.publisher.manifest.IngressReadBack;
import io.kappareplay.publisher.publish.IngressTopicGuard.Outcome;
import io.kappareplay.schemas.kafka.TopicProvisioner;
import io.kappareplay.schemas.manifest.PartitionSummary;
import io.kappareplay.schemas.naming.JobNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The guard against publishing a job's snapshot twice into one topic, on the real broker. */
class IngressTopicGuardIT {
    private static final PublishOptions REFUSE = PublishOptions.defaults();
    private static final PublishOptions REPLACE =
            PublishOptions.fromProperties(Map.of("kappa.publisher.replace", "true"));

    private static IngressTopicGuard guard(PublishOptions options) {
        return new IngressTopicGuard(kafka(), options);
    }

    private static void create(String topic, int partitions) {
        try (Admin admin = Admin.create(new HashMap<>(kafka()))) {
            new TopicProvisioner(admin, Duration.ofMinutes(1)).ensure(topic, partitions, Map.of());
        }
    }

    private static List<Long> records(String topic) {
        return readBack(topic).partitions().stream().map(PartitionSummary::records).toList();
    }

    @Test
    void aMissingTopicIsCreatedWithTheSpecsPartitions() {
        JobNames names = JobNames.of("guard-missing");

        assertThat(guard(REFUSE).prepare(names, 7)).isEqualTo(Outcome.CREATED);

        assertThat(records(names.ingressTopic())).hasSize(7).containsOnly(0L);
    }

    @Test
    void anEmptyTopicIsTakenAsItIs() {
        JobNames names = JobNames.of("guard-empty");
        create(names.ingressTopic(), 5);

        assertThat(guard(REFUSE).prepare(names, 5)).isEqualTo(Outcome.EXISTED_EMPTY);
    }

    @Test
    void aTopicHoldingOnlyAnAbortedTransactionIsEmpty() {
        JobNames names = JobNames.of("guard-aborted-only");
        create(names.ingressTopic(), 2);
        Map<String, Object> config = new HashMap<>(kafka());
        config.put("transactional.id", "guard-aborted-only-test");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(names.ingressTopic(), "k-" + i, "v"));
            }
            producer.flush();
            producer.abortTransaction();
        }
        // The end offsets moved (records and abort markers take offsets), yet nothing is committed.
        assertThat(
                        new IngressReadBack(kafka(), names.ingressTopic(), Duration.ofMinutes(1))
                                .settledEndOffsets()
                                .values())
                .anyMatch(end -> end > 0);

        assertThat(guard(REFUSE).prepare(names, 2)).isEqualTo(Outcome.EXISTED_EMPTY);
    }

    @Test
    void aTopicWithCommittedRecordsIsRefusedUnlessReplaceIsAsked() {
        JobNames names = JobNames.of("guard-holds-data");
        assertThat(guard(REFUSE).prepare(names, 4)).isEqualTo(Outcome.CREATED);
        PartitionPublisher publisher =
                new PartitionPublisher(names.jobId(), SNAPSHOT, kafka(), REFUSE);
        publisher.publish(0, TestIngress.task(0, 100).iterator());

        assertThatThrownBy(() -> guard(REFUSE).prepare(names, 4))
                .isInstanceOfSatisfying(
                        IngressTopicRefusedException.class,
                        e -> assertThat(e.topic()).isEqualTo("kappa.guard-holds-data.ingress"))
                .hasMessageStartingWith(
                        "Job guard-holds-data: the ingress topic kappa.guard-holds-data.ingress"
                                + " already holds committed records, e.g. partition ")
                .hasMessageContaining("with lineage 'orders/part-0.parquet#")
                .hasMessageEndingWith(
                        ". Publishing into it would add this run's records to what is there, and"
                                + " consumers would replay both. To delete it and publish anew, run"
                                + " again with"
                                + " kappa.publisher.replace=true (--replace); to keep it, give"
                                + " this run another job id");
        assertThat(records(names.ingressTopic()).stream().mapToLong(Long::longValue).sum())
                .isEqualTo(100);

        assertThat(guard(REPLACE).prepare(names, 4)).isEqualTo(Outcome.REPLACED);

        assertThat(
                        new IngressReadBack(kafka(), names.ingressTopic(), Duration.ofMinutes(1))
                                .settledEndOffsets())
                .hasSize(4)
                .allSatisfy((partition, end) -> assertThat(end).isZero());
        publisher.publish(0, TestIngress.task(0, 60).iterator());
        assertThat(readBack(names.ingressTopic()).ledger()).hasSize(60);
    }

    @Test
    void anotherPartitionCountIsRefusedUnlessReplaceIsAsked() {
        JobNames names = JobNames.of("guard-partitions");
        create(names.ingressTopic(), 4);

        assertThatThrownBy(() -> guard(REFUSE).prepare(names, 6))
                .isInstanceOf(IngressTopicRefusedException.class)
                .hasMessageStartingWith(
                        "Job guard-partitions: the ingress topic kappa.guard-partitions.ingress has"
                                + " 4 partitions where the job's spec asks for 6. ")
                .hasMessageContaining("kappa.publisher.replace=true");

        assertThat(guard(REPLACE).prepare(names, 6)).isEqualTo(Outcome.REPLACED);
        assertThat(records(names.ingressTopic())).hasSize(6);
    }
}
