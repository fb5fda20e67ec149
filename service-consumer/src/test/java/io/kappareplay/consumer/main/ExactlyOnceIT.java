package io.kappareplay.consumer.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.main.ConsumerProcesses.Child;
import io.kappareplay.consumer.runtime.DeterministicHandler;
import io.kappareplay.consumer.runtime.HiccupMeter;
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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once mode in {@link ConsumerMain} child JVMs: through crashes (1,000 records in flight, a
 * handler taking 1-50 ms, killed with SIGKILL three times mid-run and started again under the same
 * instance id, the read_committed egress then holds every input exactly once), and without stalls
 * while transactions commit.
 */
class ExactlyOnceIT {
    private static final int RECORDS = 20_000;
    private static final int PARTITIONS = 100;
    private static final int KILLS = 3;

    /** The longest a handler may go without a completion in the steady state (see below). */
    private static final Duration MAX_GAP = Duration.ofMillis(50);

    /**
     * The runtime's JVM in the steady-state test, with docs/consumer.md's recommended collector:
     * ZGC's pauses stay below a millisecond, where G1's (even with a 20 ms goal) reached 30-40 ms
     * while transactions held thousands of records.
     */
    private static final List<String> RUNTIME_JVM = List.of("-Xmx1g", "-XX:+UseZGC");

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
        publish(kafka, names, RECORDS);
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
            assertThat(outputs.add(outputId(landed)))
                    .as("%s landed once", outputId(landed))
                    .isTrue();
            outputsPerInput.merge(
                    landed.ingressPartition() + "@" + landed.ingressOffset(), 1, Integer::sum);
        }
        Set<String> inputs = inputIds(kafka, names, RECORDS);
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

    /**
     * Processing goes on while transactions commit: in steady state, at a transaction every 100 ms,
     * no 50 ms pass without a handler call ending. The runtime runs in a JVM of its own, as in a
     * pod, with the collector docs/consumer.md recommends: in the test JVM, collections of the
     * other tests' data (up to ~290 ms measured) would be measured instead. Stretches in which the
     * OS did not run that JVM at all (other processes on the 2 shared cores: up to ~100 ms seen)
     * are measured by a hiccup meter in it and left out of the gaps; they are printed.
     */
    @Test
    void handlingGoesOnWhileTransactionsCommit() throws Exception {
        // A broker of its own, so that no other test's groups and transactions share its threads
        // while gaps are measured.
        try (TestingKafka broker = TestingKafka.start()) {
            SteadyState steady = handleWhileCommitting(broker.clientProperties());
            // A run the OS kept off the CPU for more than a tenth of its steady state measured
            // the machine rather than the runtime: measure once more before judging.
            if (steady.longestOwnGapNanos() >= MAX_GAP.toNanos()
                    && steady.notRunningShare() > 0.1) {
                System.err.println(
                        "ExactlyOnceIT: the JVM was off the CPU for more than 10 % of the steady"
                                + " state; measuring again");
                steady = handleWhileCommitting(broker.clientProperties());
            }
            assertThat(steady.longestOwnGapNanos())
                    .as(
                            "no %d ms without a handler completion while transactions commit",
                            MAX_GAP.toMillis())
                    .isLessThan(MAX_GAP.toNanos());
        }
    }

    /**
     * @param longestOwnGapNanos the longest stretch without a handler completion, less the time the
     *     JVM was not running in it
     * @param notRunningShare the share of the steady state the JVM was not running
     */
    private record SteadyState(long longestOwnGapNanos, double notRunningShare) {}

    /**
     * One job of 20,000 records in a child JVM: checks that every input landed once, and measures
     * the gaps between handler completions in its steady state.
     */
    private SteadyState handleWhileCommitting(Map<String, String> kafka) throws Exception {
        int records = 20_000;
        String jobId = TestJobSpecs.newJobId("exactly-once-steady");
        // A file per run: a second measurement must not add to the first one's.
        Path ends = tempDir.resolve(jobId + "-ends.txt");
        JobNames names = JobNames.of(jobId);
        Path spec = tempDir.resolve(jobId + ".yaml");
        Files.writeString(
                spec,
                TestJobSpecs.yaml(
                                jobId,
                                DeterministicHandler.class,
                                kafka.get("bootstrap.servers"),
                                TestingRegistry.shared().url(),
                                // 20-50 ms, a service calling its dependencies.
                                Map.of(
                                        "sleep-ms", "20",
                                        "sleep-spread-ms", "30",
                                        "ends-file", ends.toString()))
                        + "delivery-guarantee: exactly-once\n");
        publish(kafka, names, records);
        Child child =
                ConsumerProcesses.start(
                        tempDir,
                        jobId,
                        RUNTIME_JVM,
                        List.of(
                                "--job-spec", spec.toString(),
                                "--metrics-port", "-1",
                                "--mode", "job",
                                // Below what saturates two shared cores (the broker's included),
                                // so that a gap is the runtime's, not the CPU's.
                                "--max-in-flight", "300",
                                "--commit-interval", "100ms"));

        // Commits seen from outside while the child runs: the group's offsets move on.
        Set<Long> committedSteps = new HashSet<>();
        try (Admin admin = Admin.create(new HashMap<String, Object>(kafka))) {
            // Samples the offsets until the child exits; waitFor returns at once when it does.
            do {
                long committed = committedIngressOffsets(admin, names);
                if (committed > 0 && committed < records) {
                    committedSteps.add(committed);
                }
            } while (!child.process().waitFor(50, TimeUnit.MILLISECONDS));
        }
        assertThat(child.process().exitValue()).as(child.stderr()).isZero();

        List<Long> endNanos = Files.readAllLines(ends).stream().map(Long::valueOf).toList();
        assertThat(endNanos).hasSize(records);
        // Steady state: the middle 80 % of the run, without start-up and the drain at the end.
        List<Long> steady = endNanos.subList(records / 10, records * 9 / 10);
        // On a shared machine the OS sometimes runs other processes instead of the runtime's JVM
        // for tens of milliseconds; the child's hiccup meter sees those stretches. A gap counts
        // without them: what is left is the runtime's own doing, e.g. waiting for a commit.
        List<HiccupMeter.Hiccup> hiccups =
                Files.readAllLines(Path.of(ends + ".hiccups")).stream()
                        .map(HiccupMeter.Hiccup::parse)
                        .toList();
        long longestGap = 0;
        long longestOwnGap = 0;
        for (int k = 1; k < steady.size(); k++) {
            long from = steady.get(k - 1);
            long to = steady.get(k);
            long notRunning = hiccups.stream().mapToLong(h -> h.overlap(from, to)).sum();
            longestGap = Math.max(longestGap, to - from);
            longestOwnGap = Math.max(longestOwnGap, to - from - notRunning);
        }
        long hiccupNanos =
                hiccups.stream()
                        .mapToLong(h -> h.overlap(steady.get(0), steady.get(steady.size() - 1)))
                        .sum();
        System.err.printf(
                "ExactlyOnceIT: steady state %d ms, %d handler calls, longest gap between two"
                        + " ends %.1f ms (%.1f ms of it the runtime's own; the JVM did not run"
                        + " for %.1f ms in all), %d distinct committed offsets seen during the"
                        + " run%n",
                (steady.get(steady.size() - 1) - steady.get(0)) / 1_000_000,
                steady.size(),
                longestGap / 1e6,
                longestOwnGap / 1e6,
                hiccupNanos / 1e6,
                committedSteps.size());
        assertThat(committedSteps)
                .as("transactions committed while records were handled")
                .hasSizeGreaterThanOrEqualTo(3);
        EgressManifest manifest = EgressManifest.fromJson(child.stdout());
        List<Landed> egress = LandedRecords.read(kafka, registry, names.egressTopic(), false);
        assertThat(manifest.egress().records()).isEqualTo(egress.size());
        assertThat(egress.stream().map(ExactlyOnceIT::outputId))
                .as("each output (or 0-output marker) once")
                .doesNotHaveDuplicates();
        assertThat(egress.stream().map(l -> l.ingressPartition() + "@" + l.ingressOffset()))
                .as("every input left its outputs")
                .hasSameElementsAs(inputIds(kafka, names, records));
        long steadyNanos = steady.get(steady.size() - 1) - steady.get(0);
        return new SteadyState(longestOwnGap, hiccupNanos / (double) steadyNanos);
    }

    private static String outputId(Landed landed) {
        return landed.ingressPartition()
                + "@"
                + landed.ingressOffset()
                + "#"
                + landed.outputIndex();
    }

    private static Set<String> inputIds(Map<String, String> kafka, JobNames names, int records) {
        Set<String> inputs = new HashSet<>();
        ConsumerProcesses.ingressOffsets(kafka, names.ingressTopic(), PARTITIONS, records)
                .forEach((p, offsets) -> offsets.forEach(offset -> inputs.add(p + "@" + offset)));
        return inputs;
    }

    private static void publish(Map<String, String> kafka, JobNames names, int records)
            throws Exception {
        new IngressPublisher(kafka, registry, names)
                .createTopics(PARTITIONS)
                .publish(records, 1_000);
    }

    /** The sum of the job group's committed ingress offsets; 0 before the first commit. */
    private static long committedIngressOffsets(Admin admin, JobNames names) throws Exception {
        return admin
                .listConsumerGroupOffsets(names.consumerGroup())
                .partitionsToOffsetAndMetadata()
                .get()
                .values()
                .stream()
                .filter(Objects::nonNull)
                .mapToLong(OffsetAndMetadata::offset)
                .sum();
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
