package io.kappareplay.consumer.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.main.ConsumerProcesses.Child;
import io.kappareplay.consumer.runtime.DeterministicHandler;
import io.kappareplay.consumer.testing.IngressPublisher;
import io.kappareplay.consumer.testing.LandedRecords;
import io.kappareplay.consumer.testing.LandedRecords.Landed;
import io.kappareplay.consumer.testing.SingleClassJar;
import io.kappareplay.consumer.testing.TestJobSpecs;
import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.naming.JobNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
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
 * Exactly-once mode through crashes: a {@link ConsumerMain} child JVM with 1,000 records in flight
 * and a handler taking 1-50 ms is killed with SIGKILL three times mid-run and started again under
 * the same instance id; the read_committed egress then holds every input exactly once.
 */
class ExactlyOnceIT {
    private static final int RECORDS = 20_000;
    private static final int PARTITIONS = 100;
    private static final int KILLS = 3;

    private static final Schema INPUT =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "ReplayInputRow", "namespace": "test.runtime",
                             "fields": [{"name": "i", "type": "int"}]}""");

    private static Map<String, String> kafka;
    private static Map<String, String> registry;

    @TempDir static Path tempDir;

    @BeforeAll
    static void startInfrastructure() {
        kafka = TestingKafka.shared().clientProperties();
        registry = TestingRegistry.shared().clientProperties();
    }

    @Test
    void killedThreeTimesEveryInputLandsExactlyOnce() throws Exception {
        Path jar = SingleClassJar.of(DeterministicHandler.class, tempDir.resolve("det.jar"));
        String jobId = TestJobSpecs.newJobId("exactly-once");
        JobNames names = JobNames.of(jobId);
        Path spec = tempDir.resolve(jobId + ".yaml");
        Files.writeString(
                spec,
                TestJobSpecs.yaml(
                                jobId,
                                DeterministicHandler.class,
                                kafka.get("bootstrap.servers"),
                                TestingRegistry.shared().url(),
                                Map.of("sleep-ms", "1", "sleep-spread-ms", "49"))
                        + "delivery-guarantee: exactly-once\n");
        new IngressPublisher(kafka, registry, names)
                .createTopics(PARTITIONS)
                .publish(
                        RECORDS,
                        1_000,
                        i -> {
                            GenericRecord row = new GenericData.Record(INPUT);
                            row.put("i", i);
                            return row;
                        },
                        i -> "k-" + i);
        List<String> args =
                List.of(
                        "--job-spec", spec.toString(),
                        "--handler-jars", jar.toString(),
                        "--metrics-port", "-1",
                        "--mode", "job",
                        "--max-in-flight", "1000",
                        "--commit-interval", "100ms",
                        // The same transactional id on every start: a new incarnation fences the
                        // killed one and aborts its open transaction at once.
                        "--instance-id", "eos-0");

        for (int kill = 1; kill <= KILLS; kill++) {
            Child child = ConsumerProcesses.start(tempDir, "eos-" + kill, args);
            long target = (long) RECORDS * kill / (KILLS + 2);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (committedEgressEnd(names) < target) {
                assertThat(child.process().isAlive())
                        .as("killed mid-run, not after: %s", child.stderr())
                        .isTrue();
                assertThat(System.nanoTime()).as("egress grows").isLessThan(deadline);
                Thread.sleep(50);
            }
            child.process().destroyForcibly(); // SIGKILL
            assertThat(child.process().waitFor(1, TimeUnit.MINUTES)).isTrue();
            System.err.printf(
                    "ExactlyOnceIT: kill %d at %d committed egress offsets%n",
                    kill, committedEgressEnd(names));
        }
        Child last = ConsumerProcesses.start(tempDir, "eos-last", args);
        assertThat(last.process().waitFor(3, TimeUnit.MINUTES)).as(last.stderr()).isTrue();
        assertThat(last.process().exitValue()).as(last.stderr()).isZero();
        EgressManifest manifest = EgressManifest.fromJson(last.stdout());

        List<Landed> egress = LandedRecords.read(kafka, registry, names.egressTopic(), false);
        Set<String> outputs = new HashSet<>();
        Map<String, Integer> outputsPerInput = new HashMap<>();
        for (Landed landed : egress) {
            String input = landed.ingressPartition() + "@" + landed.ingressOffset();
            assertThat(outputs.add(input + "#" + landed.outputIndex()))
                    .as("output %d of input %s landed once", landed.outputIndex(), input)
                    .isTrue();
            outputsPerInput.merge(input, 1, Integer::sum);
        }
        Set<String> inputs = new HashSet<>();
        ConsumerProcesses.ingressOffsets(kafka, names.ingressTopic(), PARTITIONS, RECORDS)
                .forEach((p, offsets) -> offsets.forEach(offset -> inputs.add(p + "@" + offset)));
        assertThat(outputsPerInput.keySet()).as("inputs in egress").isEqualTo(inputs);
        assertThat(egress)
                .allSatisfy(
                        landed ->
                                assertThat(
                                                outputsPerInput.get(
                                                        landed.ingressPartition()
                                                                + "@"
                                                                + landed.ingressOffset()))
                                        .isEqualTo(Math.max(1, landed.outputCount())));
        assertThat(LandedRecords.read(kafka, registry, names.dlqTopic(), false)).isEmpty();
        assertThat(manifest.egress().records()).isEqualTo(egress.size());
        System.err.printf(
                "ExactlyOnceIT: %d inputs, %d outputs committed, %d records in the egress log"
                        + " (aborted copies included)%n",
                inputs.size(),
                egress.size(),
                LandedRecords.countUncommitted(kafka, names.egressTopic()));
    }

    /** The sum of egress's read_committed end offsets: progress, counted markers included. */
    private static long committedEgressEnd(JobNames names) throws Exception {
        try (Admin admin = Admin.create(new HashMap<String, Object>(kafka))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(names.egressTopic(), p), OffsetSpec.latest());
            }
            return admin
                    .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get()
                    .values()
                    .stream()
                    .mapToLong(info -> info.offset())
                    .sum();
        }
    }
}
