package io.kappareplay.consumer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.config.ConsumerConfig;
import io.kappareplay.consumer.config.ConsumerConfigException;
import io.kappareplay.consumer.handler.HandlerLoader;
import io.kappareplay.consumer.handler.LoadedHandler;
import io.kappareplay.consumer.metrics.ConsumerMeters;
import io.kappareplay.consumer.testing.IngressPublisher;
import io.kappareplay.consumer.testing.LandedRecords;
import io.kappareplay.consumer.testing.LandedRecords.Landed;
import io.kappareplay.consumer.testing.ShareGroups;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Share-group mode ({@code group-type: share}) in-process on the real broker: instances beyond the
 * partition count all get records; retriable failures come back with the broker's delivery count as
 * their attempt; permanent failures and corrupt payloads end in the DLQ; job mode drains and
 * reports egress and DLQ ends that match a read_committed read-back. A killed instance is in {@code
 * main.ShareGroupInstancesIT}.
 */
class ShareGroupReplayConsumerIT {
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
    void moreInstancesThanPartitionsAllTakeRecordsAndNothingIsMissing() throws Exception {
        JobSpec spec = spec("share-fleet");
        int records = 3_000;
        new IngressPublisher(kafka, registry, spec.names()).createTopics(2);
        HandlerProbe.reset();
        Map<String, String> settings =
                Map.of("kappa.consumer.mode", "continuous", "kappa.consumer.max-in-flight", "50");
        Map<String, String> slow = Map.of("sleep-ms", "20", "sleep-spread-ms", "10");

        List<SimpleMeterRegistry> meters = new ArrayList<>();
        List<ReplayRuntime> fleet = new ArrayList<>();
        try {
            for (int instance = 0; instance < 3; instance++) {
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                meters.add(registry);
                fleet.add(start(spec, settings, slow, registry));
            }
            // Three members on two partitions: a consumer group would leave one idle.
            ShareGroups.awaitMembersWithPartitions(
                    kafka,
                    spec.names().shareGroup(),
                    3,
                    () -> fleet.stream().allMatch(ReplayRuntime::running));
            publish(spec.names(), 0, records);
            awaitInputsInEgress(spec.names(), records);
        } finally {
            fleet.forEach(ReplayRuntime::close);
        }
        for (ReplayRuntime runtime : fleet) {
            assertThat(runtime.failure()).isEmpty();
        }
        List<Double> perInstance =
                meters.stream()
                        .map(
                                m ->
                                        m.get(ConsumerMeters.RECORDS)
                                                .tag("outcome", "egress")
                                                .counter()
                                                .count())
                        .toList();
        System.err.printf(
                "ShareGroupReplayConsumerIT: inputs per instance %s, at most %d handler calls at"
                        + " once%n",
                perInstance, HandlerProbe.maxRunning.get());
        assertThat(perInstance).as("every instance took records").allMatch(count -> count > 0);
        assertThat(perInstance.stream().mapToDouble(Double::doubleValue).sum())
                .isGreaterThanOrEqualTo(records);
        assertThat(HandlerProbe.maxRunning.get())
                .as("records of two partitions handled at once")
                .isGreaterThan(2)
                .isLessThanOrEqualTo(150);

        List<Landed> egress = read(spec.names().egressTopic(), true);
        assertEveryInputLeftItsOutputs(egress, inputs(0, records));

        // A job-mode instance finds the group drained at once and reports the ends.
        SimpleMeterRegistry finisherMeters = new SimpleMeterRegistry();
        try (ReplayRuntime finisher = start(spec, Map.of(), Map.of(), finisherMeters)) {
            EgressManifest manifest = awaitDrained(finisher);
            assertManifestMatches(manifest, egress, List.of());
        }
        assertThat(
                        finisherMeters
                                .get(ConsumerMeters.RECORDS)
                                .tag("outcome", "egress")
                                .counter()
                                .count())
                .as("nothing was left to deliver")
                .isZero();
    }

    @Test
    void retriesComeBackWithTheirDeliveryCountAndFailuresEndInTheDlq() throws Exception {
        JobSpec spec = spec("share-failures");
        int records = 1_000;
        new IngressPublisher(kafka, registry, spec.names()).createTopics(2);
        publish(spec.names(), 0, records);
        new IngressPublisher(kafka, registry, spec.names())
                .publishRaw("corrupt-key", "not avro".getBytes(StandardCharsets.UTF_8));

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EgressManifest manifest;
        try (ReplayRuntime runtime =
                start(
                        spec,
                        Map.of(
                                "kappa.consumer.retry.initial-backoff", "10ms",
                                "kappa.consumer.retry.max-backoff", "50ms",
                                "kappa.consumer.max-in-flight", "100"),
                        Map.of("permanent-every", "50", "retriable-every", "50"),
                        meters)) {
            manifest = awaitDrained(runtime);
        }

        List<Landed> egress = read(spec.names().egressTopic(), true);
        List<Landed> dlq = read(spec.names().dlqTopic(), false);
        Set<Integer> permanent = new HashSet<>();
        Set<Integer> twice = new HashSet<>();
        for (int i = 0; i < records; i++) {
            if (DeterministicHandler.failsPermanently(i, 50)) {
                permanent.add(i);
            }
            if (DeterministicHandler.failsTwice(i, 50)) {
                twice.add(i);
            }
        }
        List<Landed> handleFailures =
                dlq.stream()
                        .filter(d -> "handle".equals(d.headers().get(KappaHeaders.ERROR_STAGE)))
                        .toList();
        assertThat(handleFailures)
                .extracting(ShareGroupReplayConsumerIT::inputOf)
                .hasSameElementsAs(permanent);
        assertThat(handleFailures)
                .allSatisfy(
                        d -> {
                            assertThat(d.headers().get(KappaHeaders.ERROR_CLASS))
                                    .isEqualTo(
                                            "io.kappareplay.service.api.PermanentHandlerException");
                            assertThat(d.headers().get(KappaHeaders.ATTEMPTS)).isEqualTo("1");
                        });
        List<Landed> corrupt =
                dlq.stream()
                        .filter(
                                d ->
                                        "deserialize"
                                                .equals(d.headers().get(KappaHeaders.ERROR_STAGE)))
                        .toList();
        assertThat(corrupt).hasSize(1);
        assertThat(new String(corrupt.get(0).rawValue(), StandardCharsets.UTF_8))
                .isEqualTo("not avro");
        assertThat(dlq).hasSize(permanent.size() + 1);

        Set<Integer> succeeded = inputs(0, records);
        succeeded.removeAll(permanent);
        assertEveryInputLeftItsOutputs(egress, succeeded);
        // Released twice, delivered a third time: the broker's delivery count is the attempt.
        assertThat(egress)
                .filteredOn(landed -> twice.contains(inputOf(landed)))
                .isNotEmpty()
                .allSatisfy(
                        landed ->
                                assertThat(landed.headers().get(KappaHeaders.ATTEMPTS))
                                        .isEqualTo("3"));
        assertThat(egress)
                .filteredOn(landed -> !twice.contains(inputOf(landed)))
                .allSatisfy(
                        landed ->
                                assertThat(landed.headers().get(KappaHeaders.ATTEMPTS))
                                        .isEqualTo("1"));
        assertThat(meters.get(ConsumerMeters.RETRIES).counter().count())
                .as("two releases of each record failing twice")
                .isEqualTo(2.0 * twice.size());
        assertThat(meters.get(ConsumerMeters.RECORDS).tag("outcome", "dlq").counter().count())
                .isEqualTo(dlq.size());
        assertManifestMatches(manifest, egress, dlq);
    }

    @Test
    void settingsAShareGroupCannotKeepAreRefused() {
        JobSpec spec = spec("share-refused");
        new IngressPublisher(kafka, registry, spec.names()).createTopics(2);
        Map<String, String> properties = new HashMap<>();
        properties.put("kappa.consumer.job-spec", "job.yaml");
        properties.put("kappa.consumer.ordering", "key");
        properties.put("kappa.consumer.instance-id", "replay-0");
        ConsumerConfig config = ConsumerConfig.load(properties, Map.of(), List.of());

        ConsumerConfigException e =
                org.assertj.core.api.Assertions.catchThrowableOfType(
                        ConsumerConfigException.class,
                        () ->
                                new ShareGroupReplayConsumer(
                                        spec,
                                        config,
                                        HandlerLoader.load(
                                                List.of(handlerJar),
                                                Optional.of(DeterministicHandler.class.getName())),
                                        config.kafkaClientProperties(spec.kafka()),
                                        new HttpSchemaRegistryClient(
                                                RegistryClientConfig.from(registry)),
                                        new SimpleMeterRegistry()));

        assertThat(e.getMessage())
                .contains(
                        "kappa.consumer.ordering: 'key' cannot be kept in share-group mode",
                        "kappa.consumer.instance-id: 'replay-0' has no use in share-group mode");
    }

    // ---- helpers ----

    /** A started instance of {@code spec} (job mode unless the settings say otherwise). */
    private static ReplayRuntime start(
            JobSpec spec,
            Map<String, String> settings,
            Map<String, String> handlerProperties,
            SimpleMeterRegistry meters)
            throws Exception {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("kappa.consumer.job-spec", "job.yaml");
        properties.putIfAbsent("kappa.consumer.mode", "job");
        properties.putIfAbsent("kappa.consumer.commit-interval", "200ms");
        properties.putIfAbsent("kappa.consumer.handler-timeout", "10s");
        ConsumerConfig config = ConsumerConfig.load(properties, Map.of(), List.of());
        LoadedHandler handler =
                HandlerLoader.load(
                        List.of(handlerJar), Optional.of(DeterministicHandler.class.getName()));
        handler.open(new HandlerConfig(spec.jobId(), IngressPublisher.SNAPSHOT, handlerProperties));
        ReplayRuntime runtime =
                ReplayRuntime.create(
                        spec,
                        config,
                        handler,
                        config.kafkaClientProperties(spec.kafka()),
                        new HttpSchemaRegistryClient(RegistryClientConfig.from(registry)),
                        meters);
        assertThat(runtime).isInstanceOf(ShareGroupReplayConsumer.class);
        runtime.start();
        return runtime;
    }

    private static EgressManifest awaitDrained(ReplayRuntime runtime) throws Exception {
        assertThat(runtime.awaitTermination(Duration.ofMinutes(3)))
                .as("job mode stops by itself once drained")
                .isTrue();
        assertThat(runtime.failure()).isEmpty();
        assertThat(runtime.drained()).isTrue();
        return runtime.egressManifest();
    }

    private static JobSpec spec(String name) {
        String jobId = TestJobSpecs.newJobId(name);
        String yaml =
                TestJobSpecs.yaml(
                        jobId,
                        DeterministicHandler.class,
                        kafka.get("bootstrap.servers"),
                        TestingRegistry.shared().url());
        return new JobSpecParser().parse(yaml + "group-type: share\n", name + ".yaml");
    }

    private static void publish(JobNames names, int from, int count) {
        new IngressPublisher(kafka, registry, names).publish(from, count, 500);
    }

    private static void awaitInputsInEgress(JobNames names, int count) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            Set<String> inputs = new HashSet<>();
            for (Landed l : read(names.egressTopic(), false)) {
                inputs.add(l.ingressPartition() + "@" + l.ingressOffset());
            }
            if (inputs.size() >= count) {
                return;
            }
            assertThat(System.nanoTime())
                    .as("%d of %d inputs reach egress", inputs.size(), count)
                    .isLessThan(deadline);
            // No pause needed: each read opens a consumer and reads the topic to its end.
        }
    }

    private static List<Landed> read(String topic, boolean decode) {
        return LandedRecords.read(kafka, registry, topic, decode);
    }

    private static Set<Integer> inputs(int from, int to) {
        Set<Integer> inputs = new HashSet<>();
        for (int i = from; i < to; i++) {
            inputs.add(i);
        }
        return inputs;
    }

    private static int inputOf(Landed landed) {
        return Integer.parseInt(landed.headers().get(KappaHeaders.LINEAGE).substring(4));
    }

    /**
     * Every input's outputs are there, with the right values; an output landed twice is allowed
     * (at-least-once) but counted.
     */
    private static void assertEveryInputLeftItsOutputs(List<Landed> egress, Set<Integer> inputs) {
        Map<String, Landed> outputs = new HashMap<>();
        Set<Integer> seen = new HashSet<>();
        for (Landed landed : egress) {
            int i = inputOf(landed);
            seen.add(i);
            outputs.put(
                    landed.ingressPartition()
                            + "@"
                            + landed.ingressOffset()
                            + "#"
                            + landed.outputIndex(),
                    landed);
            int expected = DeterministicHandler.outputCount(i);
            assertThat(landed.outputCount()).as("output count of input %d", i).isEqualTo(expected);
            if (expected == 0) {
                assertThat(landed.rawValue()).isNull();
            } else {
                assertThat(landed.value().get("i")).isEqualTo(i);
                assertThat(landed.value().get("value").toString())
                        .isEqualTo(DeterministicHandler.valueOf(i, landed.outputIndex()));
            }
        }
        assertThat(seen).as("inputs with egress").isEqualTo(inputs);
        int expectedOutputs =
                inputs.stream()
                        .mapToInt(i -> Math.max(1, DeterministicHandler.outputCount(i)))
                        .sum();
        assertThat(outputs).as("distinct outputs").hasSize(expectedOutputs);
        if (egress.size() > outputs.size()) {
            System.err.printf(
                    "ShareGroupReplayConsumerIT: %d outputs landed twice%n",
                    egress.size() - outputs.size());
        }
    }

    private static void assertManifestMatches(
            EgressManifest manifest, List<Landed> egress, List<Landed> dlq) {
        assertThat(manifest.egress().records()).isEqualTo(egress.size());
        assertThat(manifest.dlq().records()).isEqualTo(dlq.size());
        Map<Integer, Long> perPartition = new HashMap<>();
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
