package io.kappareplay.consumer.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.http.HttpReplayHandler;
import io.kappareplay.consumer.main.ConsumerProcesses.Child;
import io.kappareplay.consumer.testing.ExampleHttpService;
import io.kappareplay.consumer.testing.IngressPublisher;
import io.kappareplay.consumer.testing.LandedRecords;
import io.kappareplay.consumer.testing.LandedRecords.Landed;
import io.kappareplay.consumer.testing.TestJobSpecs;
import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.naming.KappaHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python example service replayed the way an operator runs it: {@code ConsumerMain} in a child
 * JVM, with a job spec that names the built-in {@link HttpReplayHandler} and no handler jars.
 */
class HttpHandlerMainIT {
    private static final int RECORDS = 300;

    private static Map<String, String> kafka;
    private static Map<String, String> registry;
    private static ExampleHttpService service;

    @TempDir static Path tempDir;

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
    void aJobSpecNamingTheHttpHandlerReplaysTheServiceWithNoJavaOfItsOwn() throws Exception {
        String jobId = TestJobSpecs.newJobId("http-main");
        Path spec = tempDir.resolve(jobId + ".yaml");
        Files.writeString(
                spec,
                ExampleHttpService.withOutputSchema(
                        TestJobSpecs.yaml(
                                jobId,
                                HttpReplayHandler.class,
                                kafka.get("bootstrap.servers"),
                                TestingRegistry.shared().url(),
                                Map.of("http.url", service.url())),
                        HttpReplayHandler.class));
        JobNames names = JobNames.of(jobId);
        new IngressPublisher(kafka, registry, names).createTopics(5).publish(RECORDS, 100);

        Child child =
                ConsumerProcesses.start(
                        tempDir,
                        "http-main",
                        List.of(
                                "--job-spec",
                                spec.toString(),
                                "--mode",
                                "job",
                                "--commit-interval",
                                "200ms"));

        assertThat(child.process().waitFor(3, TimeUnit.MINUTES))
                .as("job mode exits by itself once drained")
                .isTrue();
        assertThat(child.process().exitValue()).as(child.stderr()).isZero();
        EgressManifest manifest = EgressManifest.fromJson(child.stdout());
        List<Landed> egress = LandedRecords.read(kafka, registry, names.egressTopic(), false);
        List<Landed> dlq = LandedRecords.read(kafka, registry, names.dlqTopic(), false);
        assertThat(manifest.egress().records()).isEqualTo(egress.size());
        assertThat(manifest.dlq().records()).isEqualTo(dlq.size());

        Set<Integer> refused = new HashSet<>();
        IntStream.range(0, RECORDS).filter(i -> i % 10 == 3).forEach(refused::add);
        Set<Integer> unavailable = new HashSet<>();
        IntStream.range(0, RECORDS).filter(i -> i % 100 == 1).forEach(unavailable::add);
        assertThat(dlq).hasSize(refused.size() + unavailable.size());
        assertThat(dlq)
                .allSatisfy(
                        d -> {
                            int i = inputOf(d);
                            assertThat(d.headers().get(KappaHeaders.ERROR_HTTP_STATUS))
                                    .isEqualTo(refused.contains(i) ? "400" : "503");
                        });
        Set<String> inputs = new HashSet<>();
        egress.forEach(l -> inputs.add(l.ingressPartition() + "@" + l.ingressOffset()));
        assertThat(inputs)
                .as("inputs with egress (an output or a 0-output marker)")
                .hasSize(RECORDS - refused.size() - unavailable.size());
    }

    private static int inputOf(Landed landed) {
        return Integer.parseInt(landed.headers().get(KappaHeaders.LINEAGE).substring(4));
    }
}
