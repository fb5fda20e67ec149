package io.kappareplay.consumer.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.dispatch.AdaptiveConcurrencyMode;
import io.kappareplay.consumer.dispatch.OrderingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Maps every key, from each source, to its field: a value other than the default, given as a
 * property, an environment variable and a flag in both forms, comes out of the key's accessor.
 */
class ConsumerConfigKeyMappingTest {

    /** A key, a valid value other than its default, its accessor, and what that returns. */
    record Mapping(
            ConsumerConfigKey key,
            String environmentVariable,
            String flag,
            String text,
            Function<ConsumerConfig, Object> field,
            Object expected) {}

    private static final List<Mapping> MAPPINGS =
            List.of(
                    new Mapping(
                            ConsumerConfigKey.JOB_SPEC,
                            "KAPPA_CONSUMER_JOB_SPEC",
                            "--job-spec",
                            "/etc/kappa/orders.yaml",
                            ConsumerConfig::jobSpec,
                            Path.of("/etc/kappa/orders.yaml")),
                    new Mapping(
                            ConsumerConfigKey.MODE,
                            "KAPPA_CONSUMER_MODE",
                            "--mode",
                            "continuous",
                            ConsumerConfig::mode,
                            RunMode.CONTINUOUS),
                    new Mapping(
                            ConsumerConfigKey.INGRESS_END_OFFSETS,
                            "KAPPA_CONSUMER_INGRESS_END_OFFSETS",
                            "--ingress-end-offsets",
                            "0=1200,1=1187",
                            ConsumerConfig::ingressEndOffsets,
                            Map.of(0, 1200L, 1, 1187L)),
                    new Mapping(
                            ConsumerConfigKey.MAX_IN_FLIGHT,
                            "KAPPA_CONSUMER_MAX_IN_FLIGHT",
                            "--max-in-flight",
                            "250",
                            ConsumerConfig::maxInFlight,
                            250),
                    new Mapping(
                            ConsumerConfigKey.MAX_IN_FLIGHT_BYTES,
                            "KAPPA_CONSUMER_MAX_IN_FLIGHT_BYTES",
                            "--max-in-flight-bytes",
                            "64MiB",
                            ConsumerConfig::maxInFlightBytes,
                            64L * 1024 * 1024),
                    new Mapping(
                            ConsumerConfigKey.LOW_WATER_RATIO,
                            "KAPPA_CONSUMER_LOW_WATER_RATIO",
                            "--low-water-ratio",
                            "0.5",
                            ConsumerConfig::lowWaterRatio,
                            0.5),
                    new Mapping(
                            ConsumerConfigKey.ADAPTIVE_CONCURRENCY,
                            "KAPPA_CONSUMER_ADAPTIVE_CONCURRENCY",
                            "--adaptive-concurrency",
                            "gradient",
                            ConsumerConfig::adaptiveConcurrency,
                            AdaptiveConcurrencyMode.GRADIENT),
                    new Mapping(
                            ConsumerConfigKey.ADAPTIVE_CONCURRENCY_MIN_LIMIT,
                            "KAPPA_CONSUMER_ADAPTIVE_CONCURRENCY_MIN_LIMIT",
                            "--adaptive-concurrency.min-limit",
                            "25",
                            ConsumerConfig::adaptiveConcurrencyMinLimit,
                            25),
                    new Mapping(
                            ConsumerConfigKey.ORDERING,
                            "KAPPA_CONSUMER_ORDERING",
                            "--ordering",
                            "key",
                            ConsumerConfig::ordering,
                            OrderingMode.KEY),
                    new Mapping(
                            ConsumerConfigKey.MAX_RECORDS_PER_SECOND,
                            "KAPPA_CONSUMER_MAX_RECORDS_PER_SECOND",
                            "--max-records-per-second",
                            "500",
                            ConsumerConfig::maxRecordsPerSecond,
                            500),
                    new Mapping(
                            ConsumerConfigKey.RETRY_MAX_ATTEMPTS,
                            "KAPPA_CONSUMER_RETRY_MAX_ATTEMPTS",
                            "--retry.max-attempts",
                            "3",
                            ConsumerConfig::retryMaxAttempts,
                            3),
                    new Mapping(
                            ConsumerConfigKey.RETRY_INITIAL_BACKOFF,
                            "KAPPA_CONSUMER_RETRY_INITIAL_BACKOFF",
                            "--retry.initial-backoff",
                            "250ms",
                            ConsumerConfig::retryInitialBackoff,
                            Duration.ofMillis(250)),
                    new Mapping(
                            ConsumerConfigKey.RETRY_MAX_BACKOFF,
                            "KAPPA_CONSUMER_RETRY_MAX_BACKOFF",
                            "--retry.max-backoff",
                            "2m",
                            ConsumerConfig::retryMaxBackoff,
                            Duration.ofMinutes(2)),
                    new Mapping(
                            ConsumerConfigKey.RETRY_JITTER,
                            "KAPPA_CONSUMER_RETRY_JITTER",
                            "--retry.jitter",
                            "1",
                            ConsumerConfig::retryJitter,
                            1.0),
                    new Mapping(
                            ConsumerConfigKey.HANDLER_TIMEOUT,
                            "KAPPA_CONSUMER_HANDLER_TIMEOUT",
                            "--handler-timeout",
                            "2s",
                            ConsumerConfig::handlerTimeout,
                            Duration.ofSeconds(2)),
                    new Mapping(
                            ConsumerConfigKey.STALL_THRESHOLD,
                            "KAPPA_CONSUMER_STALL_THRESHOLD",
                            "--stall-threshold",
                            "1h",
                            ConsumerConfig::stallThreshold,
                            Duration.ofHours(1)),
                    new Mapping(
                            ConsumerConfigKey.SHUTDOWN_TIMEOUT,
                            "KAPPA_CONSUMER_SHUTDOWN_TIMEOUT",
                            "--shutdown-timeout",
                            "45s",
                            ConsumerConfig::shutdownTimeout,
                            Duration.ofSeconds(45)),
                    new Mapping(
                            ConsumerConfigKey.COMMIT_INTERVAL,
                            "KAPPA_CONSUMER_COMMIT_INTERVAL",
                            "--commit-interval",
                            "100ms",
                            ConsumerConfig::commitInterval,
                            Duration.ofMillis(100)),
                    new Mapping(
                            ConsumerConfigKey.POLL_TIMEOUT,
                            "KAPPA_CONSUMER_POLL_TIMEOUT",
                            "--poll-timeout",
                            "50ms",
                            ConsumerConfig::pollTimeout,
                            Duration.ofMillis(50)),
                    new Mapping(
                            ConsumerConfigKey.INSTANCE_ID,
                            "KAPPA_CONSUMER_INSTANCE_ID",
                            "--instance-id",
                            "kappa-consumer-0",
                            ConsumerConfig::instanceId,
                            Optional.of("kappa-consumer-0")),
                    new Mapping(
                            ConsumerConfigKey.METRICS_PORT,
                            "KAPPA_CONSUMER_METRICS_PORT",
                            "--metrics-port",
                            "-1",
                            ConsumerConfig::metricsPort,
                            -1),
                    new Mapping(
                            ConsumerConfigKey.HANDLER_JARS,
                            "KAPPA_CONSUMER_HANDLER_JARS",
                            "--handler-jars",
                            "/opt/handler/orders.jar, /opt/handler/lib.jar",
                            ConsumerConfig::handlerJars,
                            List.of(
                                    Path.of("/opt/handler/orders.jar"),
                                    Path.of("/opt/handler/lib.jar"))));

    private static final Map<String, String> BASE =
            Map.of(ConsumerConfigKey.JOB_SPEC.key(), "base.yaml");

    static Stream<Arguments> mappings() {
        return MAPPINGS.stream().map(m -> Arguments.of(m.key(), m));
    }

    @Test
    void everyKeyHasAMapping() {
        assertThat(MAPPINGS.stream().map(Mapping::key)).containsExactly(ConsumerConfigKey.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void spellingsAreDerivedFromTheKey(ConsumerConfigKey key, Mapping mapping) {
        assertThat(key.environmentVariable()).isEqualTo(mapping.environmentVariable());
        assertThat(key.flag()).isEqualTo(mapping.flag());
        assertThat(key.key()).isEqualTo("kappa.consumer." + key.shortName());
        assertThat(key.flag()).isEqualTo("--" + key.shortName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void aPropertySetsItsField(ConsumerConfigKey key, Mapping mapping) {
        Map<String, String> properties = new HashMap<>(BASE);
        properties.put(key.key(), mapping.text());

        ConsumerConfig config = ConsumerConfig.load(properties, Map.of(), List.of());

        assertThat(mapping.field().apply(config)).isEqualTo(mapping.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void anEnvironmentVariableSetsItsField(ConsumerConfigKey key, Mapping mapping) {
        ConsumerConfig config =
                ConsumerConfig.load(
                        BASE, Map.of(mapping.environmentVariable(), mapping.text()), List.of());

        assertThat(mapping.field().apply(config)).isEqualTo(mapping.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void aFlagAndItsValueSetItsField(ConsumerConfigKey key, Mapping mapping) {
        ConsumerConfig config =
                ConsumerConfig.load(BASE, Map.of(), List.of(mapping.flag(), mapping.text()));

        assertThat(mapping.field().apply(config)).isEqualTo(mapping.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mappings")
    void aFlagWithEqualsSetsItsField(ConsumerConfigKey key, Mapping mapping) {
        ConsumerConfig config =
                ConsumerConfig.load(BASE, Map.of(), List.of(mapping.flag() + "=" + mapping.text()));

        assertThat(mapping.field().apply(config)).isEqualTo(mapping.expected());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ConsumerConfigKey.class)
    void everyDefaultIsValidAndReadsBackFromItsPrintedForm(ConsumerConfigKey key) throws Exception {
        if (key.defaultValue().isPresent()) {
            Object value = key.type().parse(key.defaultValue().get());
            assertThat(key.type().parse(key.type().format(value))).isEqualTo(value);
        }
    }

    @Test
    void laterSourcesWin() {
        Map<String, String> properties = Map.of("kappa.consumer.max-in-flight", "10");
        Map<String, String> environment = Map.of("KAPPA_CONSUMER_MAX_IN_FLIGHT", "20");
        List<String> flags = List.of("--max-in-flight", "30");

        assertThat(load(properties, Map.of(), List.of()).maxInFlight()).isEqualTo(10);
        assertThat(load(properties, environment, List.of()).maxInFlight()).isEqualTo(20);
        assertThat(load(properties, environment, flags).maxInFlight()).isEqualTo(30);
        assertThat(load(Map.of(), environment, flags).maxInFlight()).isEqualTo(30);
    }

    @Test
    void aLaterSourceRepairsABadValueOfAnEarlierOne() {
        ConsumerConfig config =
                load(
                        Map.of("kappa.consumer.ordering", "by-key"),
                        Map.of("KAPPA_CONSUMER_ORDERING", "partition"),
                        List.of());

        assertThat(config.ordering()).isEqualTo(OrderingMode.PARTITION);
    }

    @Test
    void otherEnvironmentVariablesAreNotRead() {
        ConsumerConfig config =
                load(
                        Map.of(),
                        Map.of(
                                "HOSTNAME", "kappa-consumer-7f9c",
                                "KAPPA_REGISTRY_URL", "http://registry:8081",
                                "MAX_IN_FLIGHT", "1"),
                        List.of());

        assertThat(config.instanceId()).isEmpty();
        assertThat(config.maxInFlight()).isEqualTo(1000);
    }

    @Test
    void anEmptyInstanceIdMeansDynamicMembership() {
        assertThat(load(Map.of(), Map.of(), List.of("--instance-id=")).instanceId()).isEmpty();
    }

    @Test
    void environmentVariablesOfKeysAreDistinct() {
        Map<String, List<ConsumerConfigKey>> byVariable =
                Arrays.stream(ConsumerConfigKey.values())
                        .collect(Collectors.groupingBy(ConsumerConfigKey::environmentVariable));

        assertThat(byVariable.values()).allSatisfy(keys -> assertThat(keys).hasSize(1));
    }

    private static ConsumerConfig load(
            Map<String, String> properties, Map<String, String> environment, List<String> flags) {
        Map<String, String> withSpec = new HashMap<>(BASE);
        withSpec.putAll(properties);
        return ConsumerConfig.load(withSpec, environment, flags);
    }
}
