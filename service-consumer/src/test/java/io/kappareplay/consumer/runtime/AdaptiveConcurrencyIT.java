package io.kappareplay.consumer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.config.ConsumerConfig;
import io.kappareplay.consumer.handler.HandlerLoader;
import io.kappareplay.consumer.handler.LoadedHandler;
import io.kappareplay.consumer.metrics.ConsumerMeters;
import io.kappareplay.consumer.testing.IngressPublisher;
import io.kappareplay.consumer.testing.SingleClassJar;
import io.kappareplay.consumer.testing.TestJobSpecs;
import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.schemas.registry.HttpSchemaRegistryClient;
import io.kappareplay.schemas.registry.RegistryClientConfig;
import io.kappareplay.schemas.spec.JobSpec;
import io.kappareplay.schemas.spec.JobSpecParser;
import io.kappareplay.service.api.HandlerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's acceptance criterion for adaptive concurrency, on the real broker and registry: when
 * the latency of the handler's dependency goes from 10 ms to 200 ms, the in-flight limit falls by
 * at least half within 10 s; when it returns to 10 ms, the limit is back to at least 80% of its
 * earlier value within 30 s. The limit is read as a user would, from the {@code
 * kappa.consumer.in-flight.limit} gauge; the measured times go to standard error.
 */
class AdaptiveConcurrencyIT {
    private static final int PARTITIONS = 20;

    private static final int MAX_IN_FLIGHT = 100;

    /**
     * More than the run can take: at most {@link #MAX_IN_FLIGHT} records every 10 ms, for about 25
     * seconds at 10 ms all told.
     */
    private static final int RECORDS = 200_000;

    private static final long FAST_MILLIS = 10;
    private static final long SLOW_MILLIS = 200;

    /**
     * At 10 ms before the rise: the limit learns what latency is normal over its first windows (ten
     * of at least 500 ms).
     */
    private static final Duration WARM_UP = Duration.ofSeconds(8);

    private static final Duration FALL_BOUND = Duration.ofSeconds(10);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

    /** How long a phase may run before the test stops waiting; the bounds are asserted after. */
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(45);

    private static Map<String, String> kafka;
    private static Map<String, String> registry;

    @TempDir static Path tempDir;
    private static Path handlerJar;

    @BeforeAll
    static void startInfrastructure() throws IOException {
        kafka = TestingKafka.shared().clientProperties();
        registry = TestingRegistry.shared().clientProperties();
        handlerJar =
                SingleClassJar.of(
                        InjectedLatencyHandler.class, tempDir.resolve("injected-latency.jar"));
    }

    @Test
    void theLimitHalvesWithinTenSecondsOfASlowDependencyAndRecoversWithinThirty() throws Exception {
        long testStart = System.nanoTime();
        JobSpec spec = spec();
        publish(spec);
        InjectedLatency.reset();
        double publishSeconds = (System.nanoTime() - testStart) / 1e9;
        InjectedLatency.set(FAST_MILLIS);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Timeline timeline = new Timeline(meters);

        try (ReplayConsumer consumer = start(spec, meters)) {
            timeline.await(consumer, limit -> InjectedLatency.calls() > 0, PHASE_TIMEOUT);
            long callsAtStart = InjectedLatency.calls();
            timeline.await(consumer, limit -> false, WARM_UP);
            int before = timeline.limit();
            double fastRate = (InjectedLatency.calls() - callsAtStart) / WARM_UP.toSeconds();

            InjectedLatency.set(SLOW_MILLIS);
            long slowAt = System.nanoTime();
            timeline.mark("200ms");
            timeline.await(consumer, limit -> limit <= before / 2, PHASE_TIMEOUT);
            Duration fell = Duration.ofNanos(System.nanoTime() - slowAt);
            int low = timeline.limit();

            InjectedLatency.set(FAST_MILLIS);
            long fastAt = System.nanoTime();
            timeline.mark("10ms");
            timeline.await(consumer, limit -> limit >= 0.8 * before, PHASE_TIMEOUT);
            Duration recovered = Duration.ofNanos(System.nanoTime() - fastAt);
            int back = timeline.limit();

            System.err.printf(
                    "AdaptiveConcurrencyIT: max-in-flight %d; at %d ms the limit was %d (about %.0f"
                            + " attempts/s); %d ms after the rise to %d ms it was %d (at most half:"
                            + " %d); %d ms after the return to %d ms it was %d (at least 80%%:"
                            + " %.0f). %d attempts, %.1f s in all (%.1f s publishing)."
                            + " Limit by second: %s%n",
                    MAX_IN_FLIGHT,
                    FAST_MILLIS,
                    before,
                    fastRate,
                    fell.toMillis(),
                    SLOW_MILLIS,
                    low,
                    before / 2,
                    recovered.toMillis(),
                    FAST_MILLIS,
                    back,
                    0.8 * before,
                    InjectedLatency.calls(),
                    (System.nanoTime() - testStart) / 1e9,
                    publishSeconds,
                    timeline);
            assertThat(before)
                    .as("the limit after %s at %d ms", WARM_UP, FAST_MILLIS)
                    .isGreaterThanOrEqualTo(MAX_IN_FLIGHT / 2);
            assertThat(low).as("the limit after the rise").isLessThanOrEqualTo(before / 2);
            assertThat(fell).as("time to half the limit").isLessThanOrEqualTo(FALL_BOUND);
            assertThat(back)
                    .as("the limit after the return")
                    .isGreaterThanOrEqualTo((int) Math.ceil(0.8 * before));
            assertThat(recovered).as("time back to 80%").isLessThanOrEqualTo(RECOVERY_BOUND);
            assertThat(consumer.failure()).isEmpty();
        }
    }

    /** The limit gauge, polled as a scraper would, with a value a second kept for the report. */
    private static final class Timeline {
        private final SimpleMeterRegistry meters;
        private final long start = System.nanoTime();
        private final StringJoiner seconds = new StringJoiner(" ");
        private long nextSecond;

        Timeline(SimpleMeterRegistry meters) {
            this.meters = meters;
        }

        int limit() {
            return (int) meters.get(ConsumerMeters.IN_FLIGHT_LIMIT).gauge().value();
        }

        void mark(String event) {
            seconds.add("[" + event + "]");
        }

        /** Polls until {@code done} holds for the limit or {@code atMost} has passed. */
        void await(ReplayConsumer consumer, IntPredicate done, Duration atMost)
                throws InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (System.nanoTime() < deadline) {
                int limit = limit();
                long now = System.nanoTime() - start;
                if (now >= nextSecond) {
                    seconds.add(now / 1_000_000_000L + "s:" + limit);
                    nextSecond = (now / 1_000_000_000L + 1) * 1_000_000_000L;
                }
                if (done.test(limit)) {
                    return;
                }
                assertThat(consumer.failure()).as("the runtime's failure").isEmpty();
                assertThat(InjectedLatency.calls())
                        .as("attempts so far: the records must outlast the test")
                        .isLessThan(RECORDS - MAX_IN_FLIGHT);
                Thread.sleep(20);
            }
        }

        @Override
        public String toString() {
            return seconds.toString();
        }
    }

    private static ReplayConsumer start(JobSpec spec, SimpleMeterRegistry meters) throws Exception {
        ConsumerConfig config =
                ConsumerConfig.load(
                        Map.of(
                                "kappa.consumer.job-spec", "job.yaml",
                                "kappa.consumer.mode", "continuous",
                                "kappa.consumer.max-in-flight", Integer.toString(MAX_IN_FLIGHT),
                                "kappa.consumer.adaptive-concurrency", "gradient",
                                "kappa.consumer.shutdown-timeout", "5s"),
                        Map.of(),
                        List.of());
        LoadedHandler handler =
                HandlerLoader.load(
                        List.of(handlerJar), Optional.of(InjectedLatencyHandler.class.getName()));
        handler.open(new HandlerConfig(spec.jobId(), IngressPublisher.SNAPSHOT, Map.of()));
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

    private static JobSpec spec() {
        String jobId = TestJobSpecs.newJobId("adaptive");
        String yaml =
                TestJobSpecs.yaml(
                        jobId,
                        InjectedLatencyHandler.class,
                        kafka.get("bootstrap.servers"),
                        TestingRegistry.shared().url());
        return new JobSpecParser().parse(yaml, "adaptive.yaml");
    }

    private static void publish(JobSpec spec) {
        new IngressPublisher(kafka, registry, spec.names())
                .createTopics(PARTITIONS)
                .publish(RECORDS, 5_000);
    }
}
