package io.kappareplay.consumer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.config.ConsumerConfig;
import io.kappareplay.consumer.handler.HandlerLoader;
import io.kappareplay.consumer.handler.LoadedHandler;
import io.kappareplay.consumer.metrics.ConsumerMeters;
import io.kappareplay.consumer.testing.IngressPublisher;
import io.kappareplay.consumer.testing.LandedRecords;
import io.kappareplay.consumer.testing.LandedRecords.Landed;
import io.kappareplay.consumer.testing.SingleClassJar;
import io.kappareplay.consumer.testing.TestJobSpecs;
import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.naming.KappaHeaders;
import io.kappareplay.schemas.registry.HttpSchemaRegistryClient;
import io.kappareplay.schemas.registry.RegistryClientConfig;
import io.kappareplay.schemas.spec.JobSpec;
import io.kappareplay.schemas.spec.JobSpecParser;
import io.kappareplay.service.api.HandlerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime end to end on a real broker and registry, in job mode: it runs until the group has
 * drained ingress, then reports egress and DLQ ends, which must match a read_committed read-back.
 */
class ReplayConsumerIT {
    /** What the acceptance asks of {@link #everyInputLeavesExactlyItsOutputs}. */
    static final int RECORDS = 50_000;

    private static Map<String, String> kafka;
    private static Map<String, String> registry;

    @TempDir static Path tempDir;
    private static Path handlerJar;

    @BeforeAll
    static void startInfrastructure() throws IOException {
        kafka = TestingKafka.shared().clientProperties();
        registry = TestingRegistry.shared().clientProperties();
        handlerJar =
                SingleClassJar.of(DeterministicHandler.class, tempDir.resolve("deterministic.jar"));
    }

    @Test
    void everyInputLeavesExactlyItsOutputs() throws Exception {
        JobSpec spec = spec("every-input");
        // Transactions of 5,000: of 500, the 100 commits (each writing a marker to every partition)
        // added about 3 s to publishing. Ten still put markers between the records of each
        // partition.
        publish(spec.names(), 100, RECORDS, 5_000);

        Run run = run(spec, Map.of("kappa.consumer.max-in-flight", "500"), Map.of());

        List<Landed> egress = read(spec.names().egressTopic(), true);
        List<Landed> dlq = read(spec.names().dlqTopic(), false);
        assertThat(dlq).isEmpty();
        assertEveryInputLeftItsOutputs(egress, allInputs());
        assertManifestMatches(run.manifest, egress, dlq);
    }

    @Test
    void failuresGoToTheDlqOrSucceedAfterRetries() throws Exception {
        JobSpec spec = spec("failures");
        int records = 1_000;
        publish(spec.names(), 20, records);
        new IngressPublisher(kafka, registry, spec.names())
                .publishRaw("corrupt-key", "not avro".getBytes(StandardCharsets.UTF_8));

        Run run =
                run(
                        spec,
                        Map.of(
                                "kappa.consumer.retry.initial-backoff", "10ms",
                                "kappa.consumer.retry.max-backoff", "50ms"),
                        Map.of("permanent-every", "50", "retriable-every", "50"));

        List<Landed> egress = read(spec.names().egressTopic(), true);
        List<Landed> dlq = read(spec.names().dlqTopic(), false);

        Set<Integer> permanent = new HashSet<>();
        for (int i = 0; i < records; i++) {
            if (DeterministicHandler.failsPermanently(i, 50)) {
                permanent.add(i);
            }
        }
        List<Landed> handleFailures =
                dlq.stream()
                        .filter(d -> "handle".equals(d.headers().get(KappaHeaders.ERROR_STAGE)))
                        .toList();
        assertThat(handleFailures)
                .extracting(ReplayConsumerIT::inputOf)
                .hasSameElementsAs(permanent);
        assertThat(handleFailures)
                .allSatisfy(
                        d -> {
                            assertThat(d.headers().get(KappaHeaders.ERROR_CLASS))
                                    .isEqualTo(
                                            "io.kappareplay.service.api.PermanentHandlerException");
                            assertThat(d.headers().get(KappaHeaders.ERROR_MESSAGE))
                                    .contains("refused for good");
                            assertThat(d.rawValue()).isNotEmpty();
                        });
        List<Landed> corrupt =
                dlq.stream()
                        .filter(
                                d ->
                                        "deserialize"
                                                .equals(d.headers().get(KappaHeaders.ERROR_STAGE)))
                        .toList();
        assertThat(corrupt).hasSize(1);
        assertThat(corrupt.get(0).key()).isEqualTo("corrupt-key");
        assertThat(new String(corrupt.get(0).rawValue(), StandardCharsets.UTF_8))
                .isEqualTo("not avro");
        assertThat(dlq).hasSize(permanent.size() + 1);

        Set<Integer> succeeded = new HashSet<>();
        for (int i = 0; i < records; i++) {
            if (!permanent.contains(i)) {
                succeeded.add(i);
            }
        }
        assertEveryInputLeftItsOutputs(egress, succeeded);
        assertThat(egress)
                .filteredOn(landed -> DeterministicHandler.failsTwice(inputOf(landed), 50))
                .isNotEmpty()
                .allSatisfy(
                        landed ->
                                assertThat(landed.headers().get(KappaHeaders.ATTEMPTS))
                                        .isEqualTo("3"));
        assertThat(egress)
                .filteredOn(landed -> !DeterministicHandler.failsTwice(inputOf(landed), 50))
                .allSatisfy(
                        landed ->
                                assertThat(landed.headers().get(KappaHeaders.ATTEMPTS))
                                        .isEqualTo("1"));
        assertManifestMatches(run.manifest, egress, dlq);
    }

    @Test
    void inFlightNeverExceedsTheLimit() throws Exception {
        JobSpec spec = spec("in-flight");
        int records = 2_000;
        publish(spec.names(), 100, records);
        HandlerProbe.reset();

        Run run = run(spec, Map.of("kappa.consumer.max-in-flight", "50"), Map.of("sleep-ms", "5"));

        assertThat(HandlerProbe.maxRunning.get()).isLessThanOrEqualTo(50).isGreaterThan(1);
        assertThat(run.meters.get(ConsumerMeters.PAUSES).counter().count()).isPositive();
        Set<Integer> all = new HashSet<>();
        for (int i = 0; i < records; i++) {
            all.add(i);
        }
        assertEveryInputLeftItsOutputs(read(spec.names().egressTopic(), true), all);
    }

    @Test
    void jobModeEndsAtTheIngressEndOffsetsGiven() throws Exception {
        JobSpec spec = spec("end-offsets");
        publish(spec.names(), 100, 1_000);
        Map<Integer, Long> ends = readCommittedEnds(spec.names().ingressTopic());
        // Published after the replay's end: the next replay's records.
        publishMore(spec.names(), 1_000, 500);
        String endOffsets =
                ends.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(","));

        Run first = run(spec, Map.of("kappa.consumer.ingress-end-offsets", endOffsets), Map.of());

        List<Landed> egress = read(spec.names().egressTopic(), true);
        assertEveryInputLeftItsOutputs(egress, inputs(0, 1_000));
        assertManifestMatches(first.manifest, egress, List.of());
        Map<Integer, Long> committed = committedOffsets(spec.names());
        for (Map.Entry<Integer, Long> end : ends.entrySet()) {
            // At the end, or one short of it: the last transaction's commit marker.
            assertThat(committed.getOrDefault(end.getKey(), 0L))
                    .as("partition %d's commit", end.getKey())
                    .isBetween(Math.max(0, end.getValue() - 1), end.getValue());
        }

        // The next replay of the group goes on from there: nothing skipped, nothing twice.
        run(spec, Map.of(), Map.of());
        assertEveryInputLeftItsOutputs(read(spec.names().egressTopic(), true), inputs(0, 1_500));
    }

    @Test
    void anInstanceWithoutPartitionsStopsOnceTheGroupHasDrained() throws Exception {
        JobSpec spec = spec("idle-instance");
        publish(spec.names(), 1, 400);
        Map<String, String> settings = Map.of("kappa.consumer.max-in-flight", "20");
        Map<String, String> slow = Map.of("sleep-ms", "20");

        // One partition, two instances: one of them is never assigned anything.
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ReplayConsumer first = start(spec, settings, slow, meters);
                ReplayConsumer second = start(spec, settings, slow, new SimpleMeterRegistry())) {
            EgressManifest firstEnd = awaitDrained(first);
            EgressManifest secondEnd = awaitDrained(second);
            List<Landed> egress = read(spec.names().egressTopic(), true);
            assertEveryInputLeftItsOutputs(egress, inputs(0, 400));
            assertManifestMatches(firstEnd, egress, List.of());
            assertManifestMatches(secondEnd, egress, List.of());
        }
    }

    @Test
    void exactlyOnceWritesEachResultOnceAndAbortedTransactionsStayInvisible() throws Exception {
        JobSpec spec = spec("exactly-once", "delivery-guarantee: exactly-once\n");
        int records = 2_000;
        publish(spec.names(), 100, records);

        // Inputs with a 2 MiB output fail their send: each such failure aborts a transaction full
        // of other records' outputs, which the next transaction writes again.
        Run run =
                run(
                        spec,
                        Map.of("kappa.consumer.commit-interval", "100ms"),
                        Map.of("huge-every", "400", "sleep-ms", "1", "sleep-spread-ms", "20"));

        List<Landed> egress = read(spec.names().egressTopic(), true);
        List<Landed> dlq = read(spec.names().dlqTopic(), false);
        Set<Integer> huge = new HashSet<>();
        for (int i = 0; i < records; i++) {
            if (DeterministicHandler.isHuge(i, 400)) {
                huge.add(i);
            }
        }
        assertThat(dlq).extracting(ReplayConsumerIT::inputOf).hasSameElementsAs(huge);
        assertThat(dlq)
                .allSatisfy(
                        d -> {
                            assertThat(d.headers().get(KappaHeaders.ERROR_STAGE))
                                    .isEqualTo("produce");
                            assertThat(d.headers().get(KappaHeaders.ERROR_CLASS))
                                    .isEqualTo(
                                            "org.apache.kafka.common.errors.RecordTooLargeException");
                        });
        Set<Integer> written = inputs(0, records);
        written.removeAll(huge);
        assertEveryInputLeftItsOutputs(egress, written);
        assertManifestMatches(run.manifest, egress, dlq);
        // How many aborted copies reached the log depends on how far the producer got with a
        // batch before the failing send aborted it: reported, not asserted. What is asserted
        // above is the guarantee: a read_committed reader sees each result exactly once.
        long inLog = LandedRecords.countUncommitted(kafka, spec.names().egressTopic());
        System.err.printf(
                "ReplayConsumerIT: %d egress records committed, %d in the log with aborted"
                        + " copies%n",
                egress.size(), inLog);
        assertThat(inLog).isGreaterThanOrEqualTo(egress.size());
    }

    // ---- helpers ----

    private record Run(EgressManifest manifest, SimpleMeterRegistry meters) {}

    private static Run run(
            JobSpec spec, Map<String, String> settings, Map<String, String> handlerProperties)
            throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ReplayConsumer consumer = start(spec, settings, handlerProperties, meters)) {
            return new Run(awaitDrained(consumer), meters);
        }
    }

    /** A started job-mode instance of {@code spec} running the deterministic handler. */
    private static ReplayConsumer start(
            JobSpec spec,
            Map<String, String> settings,
            Map<String, String> handlerProperties,
            SimpleMeterRegistry meters)
            throws Exception {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("kappa.consumer.job-spec", "job.yaml");
        properties.put("kappa.consumer.mode", "job");
        properties.putIfAbsent("kappa.consumer.commit-interval", "200ms");
        ConsumerConfig config = ConsumerConfig.load(properties, Map.of(), List.of());
        LoadedHandler handler =
                HandlerLoader.load(
                        List.of(handlerJar), Optional.of(DeterministicHandler.class.getName()));
        handler.open(new HandlerConfig(spec.jobId(), IngressPublisher.SNAPSHOT, handlerProperties));
        ReplayConsumer consumer =
                new ReplayConsumer(
                        spec,
                        config,
                        handler,
                        config.kafkaClientProperties(spec.kafka()),
                        new HttpSchemaRegistryClient(RegistryClientConfig.from(registry)),
                        meters);
        consumer.start();
        return consumer;
    }

    private static EgressManifest awaitDrained(ReplayConsumer consumer) throws Exception {
        assertThat(consumer.awaitTermination(Duration.ofMinutes(3)))
                .as("job mode stops by itself once drained")
                .isTrue();
        assertThat(consumer.failure()).isEmpty();
        assertThat(consumer.drained()).isTrue();
        return consumer.egressManifest();
    }

    private static JobSpec spec(String name) {
        return spec(name, "");
    }

    /** The test job spec with top-level {@code extraYaml} appended. */
    private static JobSpec spec(String name, String extraYaml) {
        String jobId = TestJobSpecs.newJobId(name);
        String yaml =
                TestJobSpecs.yaml(
                        jobId,
                        DeterministicHandler.class,
                        kafka.get("bootstrap.servers"),
                        TestingRegistry.shared().url());
        return new JobSpecParser().parse(yaml + extraYaml, name + ".yaml");
    }

    private static void publish(JobNames names, int partitions, int records) {
        publish(names, partitions, records, 500);
    }

    private static void publish(JobNames names, int partitions, int records, int perTransaction) {
        new IngressPublisher(kafka, registry, names)
                .createTopics(partitions)
                .publish(records, perTransaction);
    }

    private static List<Landed> read(String topic, boolean decode) {
        return LandedRecords.read(kafka, registry, topic, decode);
    }

    private static Set<Integer> allInputs() {
        return inputs(0, RECORDS);
    }

    private static Set<Integer> inputs(int from, int to) {
        Set<Integer> inputs = new HashSet<>();
        for (int i = from; i < to; i++) {
            inputs.add(i);
        }
        return inputs;
    }

    /** Publishes inputs {@code from} to {@code from + count - 1} to the existing ingress. */
    private static void publishMore(JobNames names, int from, int count) {
        new IngressPublisher(kafka, registry, names).publish(from, count, 500);
    }

    /** Ingress's read_committed end offsets, by partition: what a publisher's manifest holds. */
    private static Map<Integer, Long> readCommittedEnds(String topic) throws Exception {
        try (Admin admin = Admin.create(new HashMap<String, Object>(kafka))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 100; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<Integer, Long> ends = new TreeMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get()
                    .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
            return ends;
        }
    }

    private static Map<Integer, Long> committedOffsets(JobNames names) throws Exception {
        try (Admin admin = Admin.create(new HashMap<String, Object>(kafka))) {
            Map<Integer, Long> committed = new HashMap<>();
            admin.listConsumerGroupOffsets(names.consumerGroup())
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .forEach(
                            (partition, offset) ->
                                    committed.put(partition.partition(), offset.offset()));
            return committed;
        }
    }

    /** The input's {@code i}, from the lineage header the publisher set to {@code row-<i>}. */
    private static int inputOf(Landed landed) {
        return Integer.parseInt(landed.headers().get(KappaHeaders.LINEAGE).substring(4));
    }

    private static void assertEveryInputLeftItsOutputs(List<Landed> egress, Set<Integer> inputs) {
        Map<Integer, List<Landed>> byInput = new HashMap<>();
        Map<String, Integer> inputAt = new HashMap<>();
        for (Landed landed : egress) {
            int i = inputOf(landed);
            byInput.computeIfAbsent(i, k -> new ArrayList<>()).add(landed);
            Integer before =
                    inputAt.put(landed.ingressPartition() + "@" + landed.ingressOffset(), i);
            assertThat(before).as("one input per ingress position").isIn(null, i);
        }
        assertThat(byInput.keySet()).as("inputs with egress").isEqualTo(inputs);
        assertThat(inputAt).as("ingress positions with egress").hasSize(inputs.size());
        for (Map.Entry<Integer, List<Landed>> entry : byInput.entrySet()) {
            int i = entry.getKey();
            List<Landed> outputs = entry.getValue();
            int expected = DeterministicHandler.outputCount(i);
            if (expected == 0) {
                assertThat(outputs).as("marker of input %d", i).hasSize(1);
                assertThat(outputs.get(0).outputCount()).isZero();
                assertThat(outputs.get(0).rawValue()).isNull();
                continue;
            }
            assertThat(outputs).as("outputs of input %d", i).hasSize(expected);
            for (Landed output : outputs) {
                assertThat(output.outputCount()).isEqualTo(expected);
                GenericRecord value = output.value();
                assertThat(value.get("i")).isEqualTo(i);
                assertThat(value.get("index")).isEqualTo(output.outputIndex());
                assertThat(value.get("value").toString())
                        .isEqualTo(DeterministicHandler.valueOf(i, output.outputIndex()));
            }
            assertThat(outputs)
                    .extracting(Landed::outputIndex)
                    .containsExactlyInAnyOrder(
                            java.util.stream.IntStream.range(0, expected)
                                    .boxed()
                                    .toArray(Integer[]::new));
        }
    }

    private static void assertManifestMatches(
            EgressManifest manifest, List<Landed> egress, List<Landed> dlq) {
        assertThat(manifest.egress().records()).isEqualTo(egress.size());
        assertThat(manifest.dlq().records()).isEqualTo(dlq.size());
        Map<Integer, Long> perPartition = new HashMap<>();
        // Egress partition = ingress partition, so the read-back's counts per ingress partition
        // are the manifest's per egress partition.
        for (Landed landed : egress) {
            perPartition.merge(landed.ingressPartition(), 1L, Long::sum);
        }
        for (EgressManifest.PartitionEnd end : manifest.egress().partitions()) {
            assertThat(end.records())
                    .as("egress partition %d", end.partition())
                    .isEqualTo(perPartition.getOrDefault(end.partition(), 0L));
        }
    }
}
