package io.kappareplay.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.config.ConsumerConfig;
import io.kappareplay.consumer.handler.HandlerLoader;
import io.kappareplay.consumer.handler.LoadedHandler;
import io.kappareplay.consumer.runtime.ReplayConsumer;
import io.kappareplay.consumer.testing.ExampleHttpService;
import io.kappareplay.consumer.testing.IngressPublisher;
import io.kappareplay.consumer.testing.LandedRecords;
import io.kappareplay.consumer.testing.LandedRecords.Landed;
import io.kappareplay.consumer.testing.TestJobSpecs;
import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.naming.KappaHeaders;
import io.kappareplay.schemas.registry.HttpSchemaRegistryClient;
import io.kappareplay.schemas.registry.RegistryClientConfig;
import io.kappareplay.schemas.spec.JobSpec;
import io.kappareplay.schemas.spec.JobSpecParser;
import io.kappareplay.service.api.HandlerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A service written in Python ({@code examples/http-service/service.py}, standard library only)
 * replayed through the built-in HTTP handler by the real runtime on a real broker and registry,
 * with no Java code of its own: every record lands once, in egress or, refused with 400, in the DLQ
 * with {@code kappa.error.http-status}; 503 and 429 are retried no sooner than their {@code
 * Retry-After} (the service refuses an early retry with 409, which would land in the DLQ).
 */
class HttpHandlerIT {
    private static final int RECORDS = 200;
    private static Map<String, String> kafka;
    private static Map<String, String> registry;
    private static ExampleHttpService service;

    @BeforeAll
    static void start() throws Exception {
        service = ExampleHttpService.start();
        kafka = TestingKafka.shared().clientProperties();
        registry = TestingRegistry.shared().clientProperties();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void everyRecordLandsOnceRefusalsInTheDlqWithTheirStatusAndRetriesHonourRetryAfter()
            throws Exception {
        String jobId = TestJobSpecs.newJobId("http");
        String yaml =
                ExampleHttpService.withOutputSchema(
                        TestJobSpecs.yaml(
                                jobId,
                                HttpReplayHandler.class,
                                kafka.get("bootstrap.servers"),
                                TestingRegistry.shared().url(),
                                Map.of("http.url", service.url(), "http.timeout", "10s")),
                        HttpReplayHandler.class);
        JobSpec spec = new JobSpecParser().parse(yaml, "http.yaml");
        assertThat(spec.service().output()).isPresent();
        new IngressPublisher(kafka, registry, spec.names()).createTopics(4).publish(RECORDS, 50);

        EgressManifest manifest = replay(spec);

        List<Landed> egress = LandedRecords.read(kafka, registry, spec.names().egressTopic(), true);
        List<Landed> dlq = LandedRecords.read(kafka, registry, spec.names().dlqTopic(), false);

        // The DLQ: exactly the inputs the service refused with 400, each once, at the first try.
        Map<Integer, Landed> dead = new TreeMap<>();
        for (Landed landed : dlq) {
            assertThat(dead.put(inputOf(landed), landed)).as("one dead letter per input").isNull();
        }
        assertThat(dead.keySet()).isEqualTo(inputs(i -> i % 10 == 3 || i % 100 == 1));
        dead.forEach(
                (i, d) -> {
                    assertThat(d.headers()).containsEntry(KappaHeaders.ERROR_STAGE, "handle");
                    if (i % 100 == 1) {
                        // Unavailable on every attempt: the budget's last status.
                        assertThat(d.headers())
                                .containsEntry(KappaHeaders.ERROR_HTTP_STATUS, "503")
                                .containsEntry(
                                        KappaHeaders.ERROR_CLASS,
                                        HttpRetriableException.class.getName())
                                .containsEntry(KappaHeaders.ATTEMPTS, "3");
                        assertThat(d.headers().get(KappaHeaders.ERROR_MESSAGE))
                                .contains("answered 503 (Retry-After PT0S)");
                        return;
                    }
                    assertThat(d.headers())
                            .containsEntry(KappaHeaders.ERROR_HTTP_STATUS, "400")
                            .containsEntry(
                                    KappaHeaders.ERROR_CLASS,
                                    HttpPermanentException.class.getName())
                            .containsEntry(KappaHeaders.ATTEMPTS, "1");
                    assertThat(d.headers().get(KappaHeaders.ERROR_MESSAGE))
                            .contains("answered 400")
                            .contains("breaks a business rule");
                });

        // Egress: every other input once, with exactly the service's outputs.
        Map<Integer, List<Landed>> byInput = new TreeMap<>();
        for (Landed landed : egress) {
            byInput.computeIfAbsent(inputOf(landed), k -> new ArrayList<>()).add(landed);
        }
        assertThat(byInput.keySet()).isEqualTo(inputs(i -> i % 10 != 3 && i % 100 != 1));
        byInput.forEach(
                (i, outputs) -> {
                    String attempts = i % 10 == 5 || i % 10 == 7 ? "2" : "1";
                    assertThat(outputs)
                            .as("input %d", i)
                            .allSatisfy(
                                    o ->
                                            assertThat(o.headers())
                                                    .containsEntry(
                                                            KappaHeaders.ATTEMPTS, attempts));
                    if (i % 10 == 9) {
                        assertThat(outputs).as("marker of input %d", i).hasSize(1);
                        assertThat(outputs.get(0).outputCount()).isZero();
                        return;
                    }
                    int expected = i % 2 == 0 ? 2 : 1;
                    assertThat(outputs).as("outputs of input %d", i).hasSize(expected);
                    for (Landed output : outputs) {
                        GenericRecord value = output.value();
                        assertThat(value.getSchema().getFullName())
                                .isEqualTo("io.kappareplay.examples.http.Scored");
                        assertThat(value.get("i")).isEqualTo(i);
                        assertThat(value.get("index")).isEqualTo(output.outputIndex());
                        assertThat(value.get("doubled")).isEqualTo(2L * i);
                        assertThat(value.get("snapshot").toString())
                                .isEqualTo(IngressPublisher.SNAPSHOT.toString());
                        assertThat(value.get("band") == null ? null : value.get("band").toString())
                                .isEqualTo(i >= 100 ? "high" : null);
                    }
                });

        assertThat(manifest.egress().records()).isEqualTo(egress.size());
        assertThat(manifest.dlq().records()).isEqualTo(dlq.size());
    }

    private static EgressManifest replay(JobSpec spec) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("kappa.consumer.job-spec", "job.yaml");
        settings.put("kappa.consumer.mode", "job");
        settings.put("kappa.consumer.commit-interval", "200ms");
        settings.put("kappa.consumer.retry.initial-backoff", "10ms");
        settings.put("kappa.consumer.retry.max-backoff", "5s");
        settings.put("kappa.consumer.retry.max-attempts", "3");
        ConsumerConfig config = ConsumerConfig.load(settings, Map.of(), List.of());
        // No handler jars: the built-in handler from the runtime's own class path, as a job
        // that names it in service.handler gets under ConsumerMain.
        LoadedHandler handler =
                HandlerLoader.load(List.of(), Optional.of(HttpReplayHandler.class.getName()));
        handler.open(
                new HandlerConfig(
                        spec.jobId(), IngressPublisher.SNAPSHOT, spec.service().properties()));
        try (ReplayConsumer consumer =
                new ReplayConsumer(
                        spec,
                        config,
                        handler,
                        config.kafkaClientProperties(spec.kafka()),
                        new HttpSchemaRegistryClient(RegistryClientConfig.from(registry)),
                        new SimpleMeterRegistry())) {
            consumer.start();
            assertThat(consumer.awaitTermination(Duration.ofMinutes(3)))
                    .as("job mode stops by itself once drained")
                    .isTrue();
            assertThat(consumer.failure()).isEmpty();
            assertThat(consumer.drained()).isTrue();
            return consumer.egressManifest();
        }
    }

    private static int inputOf(Landed landed) {
        return Integer.parseInt(landed.headers().get(KappaHeaders.LINEAGE).substring(4));
    }

    private static Set<Integer> inputs(IntPredicate which) {
        return IntStream.range(0, RECORDS)
                .filter(which)
                .boxed()
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
