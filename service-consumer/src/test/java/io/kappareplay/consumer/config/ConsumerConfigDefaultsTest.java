package io.kappareplay.consumer.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.dispatch.AdaptiveConcurrencyMode;
import io.kappareplay.consumer.dispatch.OrderingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pins every default, so that changing one is a decision a test review sees. */
class ConsumerConfigDefaultsTest {

    private static final ConsumerConfig DEFAULTS =
            ConsumerConfig.load(Map.of(), Map.of(), List.of("--job-spec", "job.yaml"));

    @Test
    void everyDefaultIsPinned() {
        assertThat(DEFAULTS.jobSpec()).isEqualTo(Path.of("job.yaml"));
        assertThat(DEFAULTS.mode()).isEqualTo(RunMode.JOB);
        assertThat(DEFAULTS.ingressEndOffsets()).isEmpty();
        assertThat(DEFAULTS.maxInFlight()).isEqualTo(1000);
        assertThat(DEFAULTS.maxInFlightBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(DEFAULTS.lowWaterRatio()).isEqualTo(0.8);
        assertThat(DEFAULTS.adaptiveConcurrency()).isEqualTo(AdaptiveConcurrencyMode.OFF);
        assertThat(DEFAULTS.adaptiveConcurrencyMinLimit()).isEqualTo(10);
        assertThat(DEFAULTS.ordering()).isEqualTo(OrderingMode.UNORDERED);
        assertThat(DEFAULTS.maxRecordsPerSecond()).isZero();
        assertThat(DEFAULTS.retryMaxAttempts()).isEqualTo(5);
        assertThat(DEFAULTS.retryInitialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(DEFAULTS.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(DEFAULTS.retryJitter()).isEqualTo(0.5);
        assertThat(DEFAULTS.handlerTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(DEFAULTS.stallThreshold()).isEqualTo(Duration.ofMinutes(5));
        assertThat(DEFAULTS.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(DEFAULTS.commitInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(DEFAULTS.pollTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(DEFAULTS.instanceId()).isEmpty();
        assertThat(DEFAULTS.metricsPort()).isEqualTo(9400);
        assertThat(DEFAULTS.handlerJars()).isEmpty();
        assertThat(DEFAULTS.kafkaProperties()).isEmpty();
    }

    @Test
    void everyKeyStatesItsDefaultAsItWouldBeWritten() {
        Map<ConsumerConfigKey, Optional<String>> defaults = new LinkedHashMap<>();
        Arrays.stream(ConsumerConfigKey.values()).forEach(k -> defaults.put(k, k.defaultValue()));

        assertThat(defaults)
                .containsExactly(
                        Map.entry(ConsumerConfigKey.JOB_SPEC, Optional.empty()),
                        Map.entry(ConsumerConfigKey.MODE, Optional.of("job")),
                        Map.entry(ConsumerConfigKey.INGRESS_END_OFFSETS, Optional.of("")),
                        Map.entry(ConsumerConfigKey.MAX_IN_FLIGHT, Optional.of("1000")),
                        Map.entry(ConsumerConfigKey.MAX_IN_FLIGHT_BYTES, Optional.of("256MiB")),
                        Map.entry(ConsumerConfigKey.LOW_WATER_RATIO, Optional.of("0.8")),
                        Map.entry(ConsumerConfigKey.ADAPTIVE_CONCURRENCY, Optional.of("off")),
                        Map.entry(
                                ConsumerConfigKey.ADAPTIVE_CONCURRENCY_MIN_LIMIT,
                                Optional.of("10")),
                        Map.entry(ConsumerConfigKey.ORDERING, Optional.of("unordered")),
                        Map.entry(ConsumerConfigKey.MAX_RECORDS_PER_SECOND, Optional.of("0")),
                        Map.entry(ConsumerConfigKey.RETRY_MAX_ATTEMPTS, Optional.of("5")),
                        Map.entry(ConsumerConfigKey.RETRY_INITIAL_BACKOFF, Optional.of("100ms")),
                        Map.entry(ConsumerConfigKey.RETRY_MAX_BACKOFF, Optional.of("30s")),
                        Map.entry(ConsumerConfigKey.RETRY_JITTER, Optional.of("0.5")),
                        Map.entry(ConsumerConfigKey.HANDLER_TIMEOUT, Optional.of("60s")),
                        Map.entry(ConsumerConfigKey.STALL_THRESHOLD, Optional.of("5m")),
                        Map.entry(ConsumerConfigKey.SHUTDOWN_TIMEOUT, Optional.of("30s")),
                        Map.entry(ConsumerConfigKey.COMMIT_INTERVAL, Optional.of("1s")),
                        Map.entry(ConsumerConfigKey.POLL_TIMEOUT, Optional.of("100ms")),
                        Map.entry(ConsumerConfigKey.INSTANCE_ID, Optional.of("")),
                        Map.entry(ConsumerConfigKey.METRICS_PORT, Optional.of("9400")),
                        Map.entry(ConsumerConfigKey.HANDLER_JARS, Optional.of("")));
    }

    @Test
    void toStringShowsEveryKeyWithItsValueAsWritten() {
        assertThat(DEFAULTS.toString())
                .isEqualTo(
                        "ConsumerConfig[kappa.consumer.job-spec=job.yaml,"
                                + " kappa.consumer.mode=job,"
                                + " kappa.consumer.ingress-end-offsets=,"
                                + " kappa.consumer.max-in-flight=1000,"
                                + " kappa.consumer.max-in-flight-bytes=256MiB,"
                                + " kappa.consumer.low-water-ratio=0.8,"
                                + " kappa.consumer.adaptive-concurrency=off,"
                                + " kappa.consumer.adaptive-concurrency.min-limit=10,"
                                + " kappa.consumer.ordering=unordered,"
                                + " kappa.consumer.max-records-per-second=0,"
                                + " kappa.consumer.retry.max-attempts=5,"
                                + " kappa.consumer.retry.initial-backoff=100ms,"
                                + " kappa.consumer.retry.max-backoff=30s,"
                                + " kappa.consumer.retry.jitter=0.5,"
                                + " kappa.consumer.handler-timeout=1m,"
                                + " kappa.consumer.stall-threshold=5m,"
                                + " kappa.consumer.shutdown-timeout=30s,"
                                + " kappa.consumer.commit-interval=1s,"
                                + " kappa.consumer.poll-timeout=100ms,"
                                + " kappa.consumer.instance-id=,"
                                + " kappa.consumer.metrics-port=9400,"
                                + " kappa.consumer.handler-jars=]");
    }

    @Test
    void usageListsEveryKeyWithItsSpellingsDocAndDefault() {
        String usage = ConsumerConfig.usage();

        for (ConsumerConfigKey key : ConsumerConfigKey.values()) {
            assertThat(usage)
                    .contains(key.flag() + " <value>, " + key.environmentVariable() + ", " + key)
                    .contains(key.doc())
                    .contains("Valid: " + key.validValues() + ". ");
        }
        assertThat(usage)
                .contains("Valid: a file path, e.g. /etc/kappa/job.yaml. Required.")
                .contains("Valid: 1 to 1000000 records. Default: 1000.")
                .contains("--kafka.<property> <value>, KAPPA_KAFKA_<PROPERTY>, kafka.<property>");
    }
}
