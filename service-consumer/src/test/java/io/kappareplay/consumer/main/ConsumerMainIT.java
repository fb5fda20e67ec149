package io.kappareplay.consumer.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.main.ConsumerProcesses.Child;
import io.kappareplay.consumer.main.ConsumerProcesses.Job;
import io.kappareplay.consumer.runtime.DeterministicHandler;
import io.kappareplay.consumer.runtime.SlowHandler;
import io.kappareplay.consumer.testing.IngressPublisher;
import io.kappareplay.consumer.testing.LandedRecords;
import io.kappareplay.consumer.testing.LandedRecords.Landed;
import io.kappareplay.consumer.testing.SingleClassJar;
import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.naming.JobNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ConsumerMain} as a container runs it: a child JVM on the test class path, with the job
 * spec in a file and the handler in a jar, against the real broker and registry.
 */
class ConsumerMainIT {
    private static final int RECORDS = 1_000;
    private static final int PARTITIONS = 10;

    private static Map<String, String> kafka;
    private static Map<String, String> registry;

    @TempDir static Path tempDir;

    @BeforeAll
    static void startInfrastructure() {
        kafka = TestingKafka.shared().clientProperties();
        registry = TestingRegistry.shared().clientProperties();
    }

    @Test
    void jobModeExitsByItselfWithTheManifestOnStandardOutput() throws Exception {
        Path jar = SingleClassJar.of(DeterministicHandler.class, tempDir.resolve("det.jar"));
        // The spec's service.properties reach the handler: it refuses every 100th input for good.
        Job job =
                ConsumerProcesses.job(
                        tempDir,
                        "main-job",
                        DeterministicHandler.class,
                        kafka.get("bootstrap.servers"),
                        TestingRegistry.shared().url(),
                        Map.of("permanent-every", "100"));
        publish(job.names());

        Child child =
                start(
                        "job",
                        "--job-spec",
                        job.specFile().toString(),
                        "--handler-jars",
                        jar.toString(),
                        "--metrics-port",
                        "0",
                        "--mode",
                        "job",
                        "--commit-interval",
                        "200ms");

        assertThat(child.process().waitFor(3, TimeUnit.MINUTES))
                .as("job mode exits by itself once drained")
                .isTrue();
        assertThat(child.process().exitValue()).as(child.stderr()).isZero();
        assertThat(child.stderr()).contains("Serving /metrics", "drained");
        EgressManifest manifest = EgressManifest.fromJson(child.stdout());
        List<Landed> egress = LandedRecords.read(kafka, registry, job.names().egressTopic(), false);
        assertThat(manifest.job()).isEqualTo(job.names().jobId());
        assertThat(manifest.egress().records()).isEqualTo(egress.size());
        long refused =
                IntStream.range(0, RECORDS)
                        .filter(i -> DeterministicHandler.failsPermanently(i, 100))
                        .count();
        assertThat(refused).isPositive();
        List<Landed> dlq = LandedRecords.read(kafka, registry, job.names().dlqTopic(), false);
        assertThat(dlq).hasSize((int) refused);
        assertThat(manifest.dlq().records()).isEqualTo(refused);
        Set<String> inputs = new HashSet<>();
        egress.forEach(l -> inputs.add(l.ingressPartition() + "@" + l.ingressOffset()));
        assertThat(inputs)
                .as("inputs with egress (an output or a 0-output marker)")
                .hasSize(RECORDS - (int) refused);
    }

    @Test
    void aBadFlagExitsWithTwoAndNamesTheFlag() throws Exception {
        Child child = start("bad-flag", "--job-spec", "job.yaml", "--max-inflight", "5");

        assertThat(child.process().waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(child.process().exitValue()).as(child.stderr()).isEqualTo(2);
        assertThat(child.stderr()).contains("--max-inflight", "--max-in-flight");
        assertThat(child.stdout()).isEmpty();
    }

    @Test
    void endOffsetsThatMissPartitionsExitWithTwoAndNameThem() throws Exception {
        Path jar = SingleClassJar.of(DeterministicHandler.class, tempDir.resolve("det.jar"));
        Job job = job("main-ends", DeterministicHandler.class);
        new IngressPublisher(kafka, registry, job.names()).createTopics(PARTITIONS);

        Child child =
                start(
                        "ends",
                        "--job-spec",
                        job.specFile().toString(),
                        "--handler-jars",
                        jar.toString(),
                        "--metrics-port",
                        "-1",
                        "--ingress-end-offsets",
                        "0=5,1=7,100=3");

        assertThat(child.process().waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(child.process().exitValue()).as(child.stderr()).isEqualTo(2);
        assertThat(child.stderr())
                .contains(
                        "kappa.consumer.ingress-end-offsets: misses partitions [2, 3,",
                        "and lists partitions [100] that " + job.names().ingressTopic() + " lacks",
                        "list one end offset for each partition of "
                                + job.names().ingressTopic()
                                + ", 0 to "
                                + (PARTITIONS - 1));
        assertThat(child.stdout()).isEmpty();
    }

    /** Job mode stopped early must not look finished to whoever runs it: exit 3, no manifest. */
    @ParameterizedTest(name = "{0} mode exits {1}")
    @CsvSource({"continuous, 0", "job, 3"})
    void sigtermDrainsAndCommitsExactlyWhatReachedEgress(String mode, int exitCode)
            throws Exception {
        Path jar = SingleClassJar.of(SlowHandler.class, tempDir.resolve("slow.jar"));
        Job job = job("main-sigterm-" + mode, SlowHandler.class);
        publish(job.names());

        Child child =
                start(
                        "sigterm-" + mode,
                        "--job-spec",
                        job.specFile().toString(),
                        "--handler-jars",
                        jar.toString(),
                        "--metrics-port",
                        "0",
                        "--mode",
                        mode,
                        "--max-in-flight",
                        "10",
                        "--commit-interval",
                        "200ms");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (LandedRecords.read(kafka, registry, job.names().egressTopic(), false).size() < 100) {
            assertThat(child.process().isAlive()).as(child.stderr()).isTrue();
            // No pause needed: each read opens a consumer and reads the topic to its end.
            assertThat(System.nanoTime()).as("records reach egress").isLessThan(deadline);
        }
        int port = metricsPort(child.stderr());
        assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get(port, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        // Ours, Kafka's own client metrics and the JVM's, on one endpoint.
        assertThat(metrics.body())
                .contains("kappa_consumer_records_total{")
                .contains("kafka_consumer_")
                .contains("kafka_producer_")
                .contains("jvm_memory_used_bytes");

        child.process().toHandle().destroy(); // SIGTERM
        assertThat(child.process().waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(child.process().exitValue()).as(child.stderr()).isEqualTo(exitCode);
        assertThat(child.stdout()).as("no manifest before the job drained").isEmpty();

        Map<Integer, Set<Long>> landed = new HashMap<>();
        for (Landed l : LandedRecords.read(kafka, registry, job.names().egressTopic(), false)) {
            landed.computeIfAbsent(l.ingressPartition(), p -> new TreeSet<>())
                    .add(l.ingressOffset());
        }
        int finished = landed.values().stream().mapToInt(Set::size).sum();
        assertThat(finished).as("stopped mid-run").isLessThan(RECORDS);
        Map<TopicPartition, OffsetAndMetadata> committed;
        try (Admin admin = Admin.create(new HashMap<String, Object>(kafka))) {
            committed =
                    admin.listConsumerGroupOffsets(job.names().consumerGroup())
                            .partitionsToOffsetAndMetadata()
                            .get();
        }
        Map<Integer, List<Long>> ingress = ingressOffsets(job.names().ingressTopic());
        for (int p = 0; p < PARTITIONS; p++) {
            OffsetAndMetadata commit =
                    committed.get(new TopicPartition(job.names().ingressTopic(), p));
            long below = commit == null ? 0 : commit.offset();
            Set<Long> committedInputs = new TreeSet<>();
            for (long offset : ingress.getOrDefault(p, List.of())) {
                if (offset < below) {
                    committedInputs.add(offset);
                }
            }
            assertThat(landed.getOrDefault(p, Set.of()))
                    .as("partition %d: inputs in egress = inputs below the committed offset", p)
                    .isEqualTo(committedInputs);
        }
    }

    // ---- helpers ----

    private static int metricsPort(String stderr) {
        Matcher matcher = Pattern.compile("on port (\\d+)").matcher(stderr);
        assertThat(matcher.find()).as(stderr).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static Child start(String name, String... args) throws IOException {
        return ConsumerProcesses.start(tempDir, name, List.of(args));
    }

    private static Job job(String name, Class<?> handler) throws IOException {
        return ConsumerProcesses.job(
                tempDir,
                name,
                handler,
                kafka.get("bootstrap.servers"),
                TestingRegistry.shared().url());
    }

    private static void publish(JobNames names) {
        new IngressPublisher(kafka, registry, names).createTopics(PARTITIONS).publish(RECORDS, 100);
    }

    private static Map<Integer, List<Long>> ingressOffsets(String topic) {
        return ConsumerProcesses.ingressOffsets(kafka, topic, PARTITIONS, RECORDS);
    }
}
