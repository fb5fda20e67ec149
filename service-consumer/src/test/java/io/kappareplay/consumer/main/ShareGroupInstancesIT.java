package io.kappareplay.consumer.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.main.ConsumerProcesses.Child;
import io.kappareplay.consumer.main.ConsumerProcesses.Job;
import io.kappareplay.consumer.runtime.SlowHandler;
import io.kappareplay.consumer.testing.IngressPublisher;
import io.kappareplay.consumer.testing.LandedRecords;
import io.kappareplay.consumer.testing.LandedRecords.Landed;
import io.kappareplay.consumer.testing.ShareGroups;
import io.kappareplay.consumer.testing.SingleClassJar;
import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.naming.KappaHeaders;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@link ConsumerMain} child JVMs in one share group ({@code group-type: share}) on a topic
 * with two partitions; one is killed with SIGKILL mid-run. The records it held acquired come back
 * from the broker, once their acquisition lock runs out, to the survivor with a higher delivery
 * count: no input is missing from egress. A job-mode instance started afterwards finds the share
 * group drained, exits 0 and prints a manifest that matches a read_committed read-back.
 */
class ShareGroupInstancesIT {
    private static final int RECORDS = 4_000;
    private static final int PARTITIONS = 2;

    /** Inputs in egress before one instance is killed. */
    private static final int KILL_AFTER = 300;

    private static Map<String, String> kafka;
    private static Map<String, String> registry;

    @TempDir static Path tempDir;

    private final List<Child> children = new ArrayList<>();

    @BeforeAll
    static void startInfrastructure() {
        kafka = TestingKafka.shared().clientProperties();
        registry = TestingRegistry.shared().clientProperties();
    }

    @AfterEach
    void stopChildren() {
        children.forEach(child -> child.process().destroyForcibly());
    }

    @Test
    void aKilledInstancesRecordsAreDeliveredToTheOtherAndTheJobDrains() throws Exception {
        Path jar = SingleClassJar.of(SlowHandler.class, tempDir.resolve("slow.jar"));
        Job job =
                ConsumerProcesses.job(
                        tempDir,
                        "share-kill",
                        SlowHandler.class,
                        kafka.get("bootstrap.servers"),
                        TestingRegistry.shared().url(),
                        Map.of(),
                        "group-type: share\n");
        IngressPublisher publisher =
                new IngressPublisher(kafka, registry, job.names()).createTopics(PARTITIONS);
        ShareGroups.shortenLock(kafka, job.names().shareGroup());

        Child doomed = start("doomed", jar, job, "continuous");
        Child survivor = start("survivor", jar, job, "continuous");
        // Publish only once both have partitions, so that the kill is mid-run.
        ShareGroups.awaitMembersWithPartitions(
                kafka,
                job.names().shareGroup(),
                2,
                () -> doomed.process().isAlive() && survivor.process().isAlive());
        long started = System.nanoTime();
        publisher.publish(RECORDS, 100);

        int beforeKill = awaitInputsInEgress(job.names(), KILL_AFTER, survivor, doomed);
        doomed.process().destroyForcibly(); // SIGKILL
        assertThat(doomed.process().waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(beforeKill)
                .as("killed mid-run: inputs in egress at the kill")
                .isLessThan(RECORDS);

        awaitInputsInEgress(job.names(), RECORDS, survivor);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        survivor.process().toHandle().destroy(); // SIGTERM
        assertThat(survivor.process().waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(survivor.process().exitValue()).as(survivor.stderr()).isZero();

        List<Landed> egress = LandedRecords.read(kafka, registry, job.names().egressTopic(), false);
        Set<String> inputsInEgress = new HashSet<>();
        Set<String> outputs = new HashSet<>();
        Set<String> redelivered = new HashSet<>();
        for (Landed l : egress) {
            String input = l.ingressPartition() + "@" + l.ingressOffset();
            inputsInEgress.add(input);
            outputs.add(input + "#" + l.headers().get(KappaHeaders.OUTPUT_INDEX));
            if (Integer.parseInt(l.headers().get(KappaHeaders.ATTEMPTS)) > 1) {
                redelivered.add(input);
            }
        }
        String summary =
                ("%d egress records, %d inputs at the kill, %d duplicate outputs, %d inputs"
                                + " delivered more than once, all in egress after %d s")
                        .formatted(
                                egress.size(),
                                beforeKill,
                                egress.size() - outputs.size(),
                                redelivered.size(),
                                seconds);
        System.out.println("ShareGroupInstancesIT: " + summary);

        Map<Integer, List<Long>> ingress =
                ConsumerProcesses.ingressOffsets(
                        kafka, job.names().ingressTopic(), PARTITIONS, RECORDS);
        Set<String> published = new HashSet<>();
        ingress.forEach((p, offsets) -> offsets.forEach(o -> published.add(p + "@" + o)));
        assertThat(published).hasSize(RECORDS);
        assertThat(inputsInEgress)
                .as("every published input in egress at least once (%s)", summary)
                .containsAll(published);
        assertThat(redelivered)
                .as(
                        "records the killed instance held acquired, delivered again with a higher"
                                + " delivery count (%s)",
                        summary)
                .isNotEmpty();

        // Job mode: the group has drained, so a new instance exits 0 with the manifest.
        Child finisher = start("finisher", jar, job, "job");
        assertThat(finisher.process().waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(finisher.process().exitValue()).as(finisher.stderr()).isZero();
        EgressManifest manifest = EgressManifest.fromJson(finisher.stdout());
        List<Landed> dlq = LandedRecords.read(kafka, registry, job.names().dlqTopic(), false);
        assertThat(manifest.egress().records()).isEqualTo(egress.size());
        assertThat(manifest.dlq().records()).isEqualTo(dlq.size()).isZero();
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

    /**
     * Waits until at least {@code count} distinct inputs have egress, while {@code alive} keep
     * running; returns how many have.
     */
    private static int awaitInputsInEgress(JobNames names, int count, Child... alive)
            throws Exception {
        // The killed instance's records come back after the lock (15 s), or, for a partition only
        // it was assigned, after the share session timeout (45 s): generous on a busy machine.
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (true) {
            Set<String> inputs = new HashSet<>();
            for (Landed l : LandedRecords.read(kafka, registry, names.egressTopic(), false)) {
                inputs.add(l.ingressPartition() + "@" + l.ingressOffset());
            }
            if (inputs.size() >= count) {
                return inputs.size();
            }
            for (Child child : alive) {
                assertThat(child.process().isAlive()).as(child.stderr()).isTrue();
            }
            assertThat(System.nanoTime())
                    .as("%d of %d inputs reach egress", inputs.size(), count)
                    .isLessThan(deadline);
            // Paces this condition wait: each read opens a consumer and reads egress to its end.
            Thread.sleep(200);
        }
    }

    private Child start(String name, Path jar, Job job, String mode) throws IOException {
        Child child =
                ConsumerProcesses.start(
                        tempDir,
                        name,
                        List.of(
                                "--job-spec",
                                job.specFile().toString(),
                                "--handler-jars",
                                jar.toString(),
                                "--metrics-port",
                                "-1",
                                "--mode",
                                mode,
                                "--max-in-flight",
                                "20",
                                "--commit-interval",
                                "200ms",
                                // Below the shortened 15 s acquisition lock.
                                "--handler-timeout",
                                "10s"));
        children.add(child);
        return child;
    }
}
