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
import io.kappareplay.schemas.kafka.DrainCheck;
import io.kappareplay.schemas.kafka.DrainStatus;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.naming.KappaHeaders;
import io.kappareplay.schemas.registry.HttpSchemaRegistryClient;
import io.kappareplay.schemas.registry.RegistryClientConfig;
import io.kappareplay.schemas.spec.JobSpec;
import io.kappareplay.schemas.spec.JobSpecParser;
import io.kappareplay.service.api.HandlerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cooperative rebalances of a running job while hundreds of records are in flight, with two
 * in-process runtimes in one group: a second instance joins (the first gives up half its partitions
 * with their records still running), then leaves again (the first takes them back, usually while it
 * is paused at its in-flight limit). Each time, consumption on the new assignment resumes within
 * {@link #RESUME_BOUND} of the group becoming stable again, as the egress records' timestamps (when
 * the runtime finished each input) show; in the end every input has its outputs in egress
 * (duplicates allowed: at-least-once) and the group has committed every partition to its end.
 */
class RebalanceIT {
    private static final int PARTITIONS = 100;

    /**
     * With {@link #MAX_IN_FLIGHT} records taking about a second each, one instance finishes about
     * 350 records a second; 6,000 leave several seconds of work after the second rebalance.
     */
    private static final int RECORDS = 6_000;

    private static final int MAX_IN_FLIGHT = 400;

    /**
     * A record takes 500 to 1,500 ms, varying with the input, so the records of a partition finish
     * out of order and a revocation finds finished records above unfinished ones.
     */
    private static final Map<String, String> HANDLER_PROPERTIES =
            Map.of("sleep-ms", "500", "sleep-spread-ms", "1000");

    /**
     * A couple of the publisher's batches (about 5 records each) per partition and fetch, so that
     * the records in flight come from many partitions at once. With the default (1 MiB) a fetch
     * returns a partition's whole backlog and the records in flight all come from the few
     * partitions polled first, which the rebalance then may not move.
     */
    private static final int PARTITION_FETCH_BYTES = 2_048;

    /** The default: on revocation the first instance lets its records in flight finish. */
    private static final Duration FIRST_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Shorter than any record takes: when the second instance leaves, it abandons its records in
     * flight, and the first must replay them from the second's last commit (and with them, as
     * duplicates, the records the second finished above them).
     */
    private static final Duration SECOND_SHUTDOWN_TIMEOUT = Duration.ofMillis(100);

    /** The acceptance criterion: consumption resumes within this of a rebalance completing. */
    private static final Duration RESUME_BOUND = Duration.ofSeconds(10);

    /** Generous, for a shared CI machine: how long a step may take before the test gives up. */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);

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

    /** Exactly-once must also write nothing twice: a revocation commits what it waited for. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void rebalancesWithRecordsInFlightLoseNothingAndResumeWithinTenSeconds(String guarantee)
            throws Exception {
        long startNanos = System.nanoTime();
        JobSpec spec = spec("rebalance-" + guarantee, guarantee);
        JobNames names = spec.names();
        publish(names);

        try (Admin admin = Admin.create(new HashMap<String, Object>(kafka));
                Instance first = Instance.create(spec, FIRST_SHUTDOWN_TIMEOUT);
                Instance second = Instance.create(spec, SECOND_SHUTDOWN_TIMEOUT)) {
            // ---- the first instance alone, at its in-flight limit ----
            first.consumer.start();
            await(
                    () -> first.egressRecords() >= MAX_IN_FLIGHT,
                    () -> "the first instance finishes a first wave: " + first,
                    first);
            GroupView alone =
                    awaitGroup(admin, names, view -> view.members().size() == 1, "one member");
            String firstMember = alone.members().keySet().iterator().next();
            await(
                    () -> first.inFlight() >= MAX_IN_FLIGHT / 2,
                    () -> "hundreds of records in flight: " + first,
                    first);

            // ---- rebalance 1: the second instance joins ----
            long inFlightAtJoin = first.inFlight();
            long joinedAt = System.currentTimeMillis();
            second.consumer.start();
            GroupView shared =
                    awaitGroup(
                            admin,
                            names,
                            view ->
                                    view.members().size() == 2
                                            && view.members().values().stream()
                                                    .noneMatch(Set::isEmpty),
                            "two members, each with partitions");
            Set<Integer> keptByFirst = shared.members().get(firstMember);
            Set<Integer> movedToSecond = shared.partitionsOfAllBut(firstMember);
            assertThat(keptByFirst).isNotNull();
            assertThat(movedToSecond).isNotEmpty().doesNotContainAnyElementsOf(keptByFirst);
            // Both must be busy when the second leaves, so that the second rebalance also happens
            // with records in flight.
            await(
                    () ->
                            second.egressRecords() >= MAX_IN_FLIGHT
                                    && second.inFlight() >= MAX_IN_FLIGHT / 2,
                    () -> "the second instance works with records in flight: " + second,
                    first,
                    second);

            // ---- rebalance 2: the second instance leaves (the SIGTERM path) ----
            long inFlightAtLeave = second.inFlight();
            long leftAt = System.currentTimeMillis();
            second.consumer.close();
            assertThat(second.consumer.failure()).isEmpty();
            GroupView back =
                    awaitGroup(
                            admin,
                            names,
                            view -> view.members().keySet().equals(Set.of(firstMember)),
                            "the first instance alone with every partition again");

            assertThat(first.consumer.awaitTermination(STEP_TIMEOUT))
                    .as("job mode stops by itself once drained: %s", first)
                    .isTrue();
            assertThat(first.consumer.failure()).isEmpty();
            assertThat(first.consumer.drained()).isTrue();

            // ---- nothing lost ----
            List<Landed> egress = LandedRecords.read(kafka, registry, names.egressTopic(), false);
            assertThat(LandedRecords.read(kafka, registry, names.dlqTopic(), false)).isEmpty();
            int duplicates = assertEveryInputHasItsOutputs(egress);
            if (guarantee.equals("exactly-once")) {
                assertThat(duplicates).as("outputs written twice").isZero();
            }
            assertCommittedToTheEnd(admin, names);

            // ---- resumed within the bound ----
            // Until rebalance 1 completed, only the first instance could finish records of the
            // partitions it gave up: those it finished after the join were in flight during the
            // rebalance, and its revocation waited for the last of them.
            long finishedWhileMoving =
                    egress.stream()
                            .filter(landed -> movedToSecond.contains(landed.ingressPartition()))
                            .filter(landed -> landed.timestamp() >= joinedAt)
                            .filter(landed -> landed.timestamp() < shared.observedAtMillis())
                            .count();
            long secondResumed = resumeDelay(egress, movedToSecond, shared.observedAtMillis());
            long firstResumed = resumeDelay(egress, keptByFirst, shared.observedAtMillis());
            long firstTookBack = resumeDelay(egress, movedToSecond, back.observedAtMillis());
            System.err.printf(
                    "RebalanceIT: %d records on %d partitions, %d egress records of which %d"
                            + " duplicates. Rebalance 1 (join with %d records in flight; the first"
                            + " instance finished %d records of the %d moved partitions after the"
                            + " join; stable %d ms after the join): the second instance resumed"
                            + " after %d ms and finished records on %d of the moved partitions"
                            + " before it left %d ms later; the first instance after %d ms."
                            + " Rebalance 2 (leave with %d records in flight; stable %d ms after"
                            + " the leave): the first instance resumed the returned partitions"
                            + " after %d ms, the last of them after %d ms. %.1f s in all.%n",
                    RECORDS,
                    PARTITIONS,
                    egress.size(),
                    duplicates,
                    inFlightAtJoin,
                    finishedWhileMoving,
                    movedToSecond.size(),
                    shared.observedAtMillis() - joinedAt,
                    secondResumed,
                    partitionsWithOutputs(egress, movedToSecond, shared.observedAtMillis(), leftAt),
                    leftAt - shared.observedAtMillis(),
                    firstResumed,
                    inFlightAtLeave,
                    back.observedAtMillis() - leftAt,
                    firstTookBack,
                    slowestPartition(egress, movedToSecond, back.observedAtMillis()),
                    (System.nanoTime() - startNanos) / 1e9);
            assertThat(inFlightAtJoin).as("records in flight at the join").isGreaterThan(100);
            assertThat(finishedWhileMoving)
                    .as("records of the moved partitions in flight during rebalance 1")
                    .isPositive();
            assertThat(inFlightAtLeave).as("records in flight at the leave").isGreaterThan(100);
            assertThat(secondResumed)
                    .as("ms from rebalance 1 to the joining instance's first output")
                    .isLessThanOrEqualTo(RESUME_BOUND.toMillis());
            assertThat(firstResumed)
                    .as("ms from rebalance 1 to the first instance's next output")
                    .isLessThanOrEqualTo(RESUME_BOUND.toMillis());
            assertThat(firstTookBack)
                    .as("ms from rebalance 2 to the first output on the partitions taken back")
                    .isLessThanOrEqualTo(RESUME_BOUND.toMillis());
        }
    }

    // ---- instances ----

    /** One in-process runtime with its own handler and meters. */
    private static final class Instance implements AutoCloseable {
        final ReplayConsumer consumer;
        final SimpleMeterRegistry meters;

        private Instance(ReplayConsumer consumer, SimpleMeterRegistry meters) {
            this.consumer = consumer;
            this.meters = meters;
        }

        /**
         * Creates an instance, not started: its clients, topics and output schema are ready before
         * it joins the group, so the rebalance its start causes is all the test times.
         */
        static Instance create(JobSpec spec, Duration shutdownTimeout) throws Exception {
            ConsumerConfig config =
                    ConsumerConfig.load(
                            Map.of(
                                    "kappa.consumer.job-spec",
                                    "job.yaml",
                                    "kappa.consumer.mode",
                                    "job",
                                    "kappa.consumer.max-in-flight",
                                    Integer.toString(MAX_IN_FLIGHT),
                                    "kappa.consumer.commit-interval",
                                    "200ms",
                                    "kappa.consumer.shutdown-timeout",
                                    shutdownTimeout.toMillis() + "ms",
                                    "kafka.max.partition.fetch.bytes",
                                    Integer.toString(PARTITION_FETCH_BYTES)),
                            Map.of(),
                            List.of());
            LoadedHandler handler =
                    HandlerLoader.load(
                            List.of(handlerJar), Optional.of(DeterministicHandler.class.getName()));
            handler.open(
                    new HandlerConfig(spec.jobId(), IngressPublisher.SNAPSHOT, HANDLER_PROPERTIES));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            return new Instance(
                    new ReplayConsumer(
                            spec,
                            config,
                            handler,
                            config.kafkaClientProperties(spec.kafka()),
                            new HttpSchemaRegistryClient(RegistryClientConfig.from(registry)),
                            meters),
                    meters);
        }

        double egressRecords() {
            return meters.get(ConsumerMeters.RECORDS).tag("outcome", "egress").counter().count();
        }

        long inFlight() {
            return (long) meters.get(ConsumerMeters.IN_FLIGHT_RECORDS).gauge().value();
        }

        @Override
        public void close() {
            consumer.close();
        }

        @Override
        public String toString() {
            return "%.0f finished, %d in flight, failure %s"
                    .formatted(egressRecords(), inFlight(), consumer.failure());
        }
    }

    // ---- the group, seen from outside ----

    /**
     * The group's members (consumer id to ingress partitions) as a describe returned them while the
     * group was stable; {@code observedAtMillis} is when that describe was sent, so a rebalance had
     * completed by then or during the call: resume delays counted from it are, if anything, too
     * long.
     */
    private record GroupView(long observedAtMillis, Map<String, Set<Integer>> members) {
        Set<Integer> partitionsOfAllBut(String member) {
            Set<Integer> partitions = new TreeSet<>();
            members.forEach(
                    (id, assigned) -> {
                        if (!id.equals(member)) {
                            partitions.addAll(assigned);
                        }
                    });
            return partitions;
        }
    }

    /** Waits until the group is stable, owns every partition, and {@code condition} holds. */
    private static GroupView awaitGroup(
            Admin admin, JobNames names, Predicate<GroupView> condition, String what)
            throws Exception {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        ConsumerGroupDescription last = null;
        while (true) {
            long sentAt = System.currentTimeMillis();
            try {
                last =
                        admin.describeConsumerGroups(List.of(names.consumerGroup()))
                                .all()
                                .get()
                                .get(names.consumerGroup());
            } catch (ExecutionException e) {
                // Not created until the first member joins.
                assertThat(e.getCause()).isInstanceOf(GroupIdNotFoundException.class);
            }
            if (last != null && last.groupState() == GroupState.STABLE) {
                Map<String, Set<Integer>> members = new HashMap<>();
                for (MemberDescription member : last.members()) {
                    members.put(
                            member.consumerId(),
                            member.assignment().topicPartitions().stream()
                                    .map(TopicPartition::partition)
                                    .collect(Collectors.toCollection(TreeSet::new)));
                }
                GroupView view = new GroupView(sentAt, members);
                int assigned = members.values().stream().mapToInt(Set::size).sum();
                if (assigned == PARTITIONS && condition.test(view)) {
                    return view;
                }
            }
            assertThat(System.nanoTime())
                    .as("group: %s, last seen %s", what, last)
                    .isLessThan(deadline);
            // Paces the describe calls; the resume delays are measured to well within this.
            Thread.sleep(50);
        }
    }

    /** Waits until {@code condition} holds, failing early if an instance stopped with an error. */
    private static void await(BooleanSupplier condition, Supplier<String> what, Instance... running)
            throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            for (Instance instance : running) {
                assertThat(instance.consumer.failure()).as(what.get()).isEmpty();
            }
            assertThat(System.nanoTime()).as(what.get()).isLessThan(deadline);
            // Paces the reads of in-process meters.
            Thread.sleep(20);
        }
    }

    // ---- what landed ----

    /**
     * Ms from {@code since} to the first output on any of {@code partitions} finished at or after
     * it; fails if there is none.
     */
    private static long resumeDelay(List<Landed> egress, Set<Integer> partitions, long since) {
        OptionalLong first =
                egress.stream()
                        .filter(landed -> partitions.contains(landed.ingressPartition()))
                        .mapToLong(Landed::timestamp)
                        .filter(timestamp -> timestamp >= since)
                        .min();
        assertThat(first)
                .as("an output on %s finished after the rebalance: RECORDS too low?", partitions)
                .isPresent();
        return first.getAsLong() - since;
    }

    /**
     * The longest of the per-partition delays to the first output after {@code since}, over the
     * partitions that had one. Reported, not asserted: it follows from throughput, since an
     * instance at its in-flight limit works through the records its fetches buffered before it
     * reaches those of partitions it was just given.
     */
    private static long slowestPartition(List<Landed> egress, Set<Integer> partitions, long since) {
        Map<Integer, Long> first = new HashMap<>();
        for (Landed landed : egress) {
            if (partitions.contains(landed.ingressPartition()) && landed.timestamp() >= since) {
                first.merge(landed.ingressPartition(), landed.timestamp(), Math::min);
            }
        }
        return first.values().stream().mapToLong(t -> t - since).max().orElse(-1);
    }

    /** How many of {@code partitions} have an output finished in [{@code from}, {@code until}). */
    private static long partitionsWithOutputs(
            List<Landed> egress, Set<Integer> partitions, long from, long until) {
        return egress.stream()
                .filter(landed -> partitions.contains(landed.ingressPartition()))
                .filter(landed -> landed.timestamp() >= from && landed.timestamp() < until)
                .map(Landed::ingressPartition)
                .distinct()
                .count();
    }

    /**
     * Asserts every published input left all its outputs (or its marker) at least once, each
     * ingress position belonging to one input.
     *
     * @return the duplicate outputs: (ingress position, output index) landed more than once
     */
    private static int assertEveryInputHasItsOutputs(List<Landed> egress) {
        Map<Integer, Set<Integer>> indexesByInput = new HashMap<>();
        Map<String, Integer> inputAt = new HashMap<>();
        Set<String> distinctOutputs = new HashSet<>();
        for (Landed landed : egress) {
            int i = Integer.parseInt(landed.headers().get(KappaHeaders.LINEAGE).substring(4));
            String position = landed.ingressPartition() + "@" + landed.ingressOffset();
            Integer before = inputAt.put(position, i);
            assertThat(before).as("one input per ingress position").isIn(null, i);
            assertThat(landed.outputCount())
                    .as("output count of input %d", i)
                    .isEqualTo(DeterministicHandler.outputCount(i));
            indexesByInput.computeIfAbsent(i, k -> new TreeSet<>()).add(landed.outputIndex());
            distinctOutputs.add(position + "#" + landed.outputIndex());
        }
        Set<Integer> missing = new TreeSet<>();
        for (int i = 0; i < RECORDS; i++) {
            if (!indexesByInput.containsKey(i)) {
                missing.add(i);
            }
        }
        assertThat(missing).as("inputs without egress").isEmpty();
        assertThat(inputAt).as("ingress positions with egress").hasSize(RECORDS);
        indexesByInput.forEach(
                (i, indexes) -> {
                    int count = DeterministicHandler.outputCount(i);
                    // A 0-output marker carries index 0, like a first output.
                    Set<Integer> expected =
                            IntStream.range(0, Math.max(1, count))
                                    .boxed()
                                    .collect(Collectors.toSet());
                    assertThat(indexes).as("output indexes of input %d", i).isEqualTo(expected);
                });
        return egress.size() - distinctOutputs.size();
    }

    /**
     * Asserts the group's committed offset is the read_committed end of every ingress partition.
     */
    private static void assertCommittedToTheEnd(Admin admin, JobNames names) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(names.ingressTopic(), p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get()
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(names.consumerGroup())
                        .partitionsToOffsetAndMetadata()
                        .get();
        for (TopicPartition partition : request.keySet()) {
            OffsetAndMetadata commit = committed.get(partition);
            assertThat(commit == null ? 0 : commit.offset())
                    .as("committed offset of %s", partition)
                    .isEqualTo(ends.get(partition));
        }
        DrainStatus drain =
                new DrainCheck(admin, kafka, Duration.ofSeconds(30))
                        .check(names.consumerGroup(), names.ingressTopic());
        assertThat(drain.drained()).as("the group drained ingress: %s", drain).isTrue();
    }

    // ---- the job ----

    private static JobSpec spec(String name, String deliveryGuarantee) {
        String jobId = TestJobSpecs.newJobId(name);
        String yaml =
                TestJobSpecs.yaml(
                                jobId,
                                DeterministicHandler.class,
                                kafka.get("bootstrap.servers"),
                                TestingRegistry.shared().url())
                        + "delivery-guarantee: "
                        + deliveryGuarantee
                        + "\n";
        return new JobSpecParser().parse(yaml, name + ".yaml");
    }

    private static void publish(JobNames names) {
        new IngressPublisher(kafka, registry, names).createTopics(PARTITIONS).publish(RECORDS, 500);
    }
}
