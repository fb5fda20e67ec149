package io.kappareplay.consumer.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.main.ConsumerProcesses.Child;
import io.kappareplay.consumer.main.ConsumerProcesses.Job;
import io.kappareplay.consumer.runtime.SlowHandler;
import io.kappareplay.consumer.testing.IngressPublisher;
import io.kappareplay.consumer.testing.LandedRecords;
import io.kappareplay.consumer.testing.LandedRecords.Landed;
import io.kappareplay.consumer.testing.SingleClassJar;
import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.schemas.kafka.DrainCheck;
import io.kappareplay.schemas.kafka.DrainStatus;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@link ConsumerMain} instances as child JVMs in one group; one is killed with SIGKILL
 * mid-run, the other takes its partitions over: no input is missing from egress (at-least-once, so
 * the killed instance's unfinished and uncommitted work may land twice), and the group drains.
 */
class TwoInstancesIT {
    private static final int RECORDS = 2_000;
    private static final int PARTITIONS = 20;

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
    void oneOfTwoInstancesKilledWithSigkillLosesNoRecord() throws Exception {
        Path jar = SingleClassJar.of(SlowHandler.class, tempDir.resolve("slow.jar"));
        Job job = job("two-instances", SlowHandler.class);
        IngressPublisher publisher =
                new IngressPublisher(kafka, registry, job.names()).createTopics(PARTITIONS);

        Child doomed = start("doomed", jar, job);
        Child survivor = start("survivor", jar, job);
        // Publish only once both are in the group with partitions, so that the kill is mid-run.
        awaitTwoMembersSharing(job.names(), doomed, survivor);
        publisher.publish(RECORDS, 100);

        int beforeKill = awaitInputsInEgress(job.names(), KILL_AFTER, survivor, doomed);
        doomed.process().destroyForcibly(); // SIGKILL
        assertThat(doomed.process().waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(beforeKill)
                .as("killed mid-run: inputs in egress at the kill")
                .isLessThan(RECORDS);

        awaitInputsInEgress(job.names(), RECORDS, survivor);
        survivor.process().toHandle().destroy(); // SIGTERM
        assertThat(survivor.process().waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(survivor.process().exitValue()).as(survivor.stderr()).isZero();

        List<Landed> egress = LandedRecords.read(kafka, registry, job.names().egressTopic(), false);
        Map<String, Integer> outputs = new HashMap<>();
        Set<String> inputsInEgress = new HashSet<>();
        Set<String> duplicatedInputs = new HashSet<>();
        for (Landed l : egress) {
            String input = l.ingressPartition() + "@" + l.ingressOffset();
            inputsInEgress.add(input);
            String output = input + "#" + l.headers().get(KappaHeaders.OUTPUT_INDEX);
            if (outputs.merge(output, 1, Integer::sum) > 1) {
                duplicatedInputs.add(input);
            }
        }
        int duplicates = egress.size() - outputs.size();
        String summary =
                "%d egress records, %d inputs at the kill, %d duplicate outputs of %d inputs"
                        .formatted(egress.size(), beforeKill, duplicates, duplicatedInputs.size());
        System.out.println("TwoInstancesIT: " + summary);

        Map<Integer, List<Long>> ingress = ingressOffsets(job.names().ingressTopic());
        Set<String> published = new HashSet<>();
        ingress.forEach((p, offsets) -> offsets.forEach(o -> published.add(p + "@" + o)));
        assertThat(published).hasSize(RECORDS);
        assertThat(inputsInEgress)
                .as("every published input in egress at least once (%s)", summary)
                .containsAll(published);

        Map<TopicPartition, OffsetAndMetadata> committed;
        DrainStatus drain;
        try (Admin admin = Admin.create(new HashMap<String, Object>(kafka))) {
            committed =
                    admin.listConsumerGroupOffsets(job.names().consumerGroup())
                            .partitionsToOffsetAndMetadata()
                            .get();
            drain =
                    new DrainCheck(admin, kafka, Duration.ofSeconds(30))
                            .check(job.names().consumerGroup(), job.names().ingressTopic());
        }
        for (int p = 0; p < PARTITIONS; p++) {
            OffsetAndMetadata commit =
                    committed.get(new TopicPartition(job.names().ingressTopic(), p));
            List<Long> offsets = ingress.getOrDefault(p, List.of());
            long last = offsets.isEmpty() ? -1 : offsets.get(offsets.size() - 1);
            assertThat(commit == null ? 0 : commit.offset())
                    .as("partition %d: committed past its last input", p)
                    .isGreaterThan(last);
        }
        assertThat(drain.drained()).as("the group drained ingress: %s", drain).isTrue();
    }

    // ---- helpers ----

    /** Waits until both children are members of the job's group, each with partitions. */
    private static void awaitTwoMembersSharing(JobNames names, Child... children) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        try (Admin admin = Admin.create(new HashMap<String, Object>(kafka))) {
            while (true) {
                for (Child child : children) {
                    assertThat(child.process().isAlive()).as(child.stderr()).isTrue();
                }
                ConsumerGroupDescription group = null;
                try {
                    group =
                            admin.describeConsumerGroups(List.of(names.consumerGroup()))
                                    .all()
                                    .get()
                                    .get(names.consumerGroup());
                } catch (ExecutionException e) {
                    // Not created until the first member joins.
                    assertThat(e.getCause()).isInstanceOf(GroupIdNotFoundException.class);
                }
                Set<TopicPartition> assigned = new HashSet<>();
                int withPartitions = 0;
                for (MemberDescription member :
                        group == null ? List.<MemberDescription>of() : group.members()) {
                    Set<TopicPartition> partitions = member.assignment().topicPartitions();
                    assigned.addAll(partitions);
                    withPartitions += partitions.isEmpty() ? 0 : 1;
                }
                if (withPartitions == 2 && assigned.size() == PARTITIONS) {
                    return;
                }
                assertThat(System.nanoTime())
                        .as("two members share the partitions: %s", group)
                        .isLessThan(deadline);
                // Paces the describeConsumerGroups calls of this condition wait.
                Thread.sleep(200);
            }
        }
    }

    /**
     * Waits until at least {@code count} distinct inputs have egress, while {@code alive} keep
     * running; returns how many have.
     */
    private static int awaitInputsInEgress(JobNames names, int count, Child... alive)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
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
            // No pause needed: each read opens a consumer and reads the topic to its end.
        }
    }

    private Child start(String name, Path jar, Job job) throws IOException {
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
                                "continuous",
                                "--max-in-flight",
                                "20",
                                "--commit-interval",
                                "200ms",
                                // The broker's minimum: the killed member leaves the group after 6
                                // s,
                                // not the default 45 s.
                                "--kafka.session.timeout.ms",
                                "6000",
                                "--kafka.heartbeat.interval.ms",
                                "1000"));
        children.add(child);
        return child;
    }

    private static Job job(String name, Class<?> handler) throws IOException {
        return ConsumerProcesses.job(
                tempDir,
                name,
                handler,
                kafka.get("bootstrap.servers"),
                TestingRegistry.shared().url());
    }

    private static Map<Integer, List<Long>> ingressOffsets(String topic) {
        return ConsumerProcesses.ingressOffsets(kafka, topic, PARTITIONS, RECORDS);
    }
}
