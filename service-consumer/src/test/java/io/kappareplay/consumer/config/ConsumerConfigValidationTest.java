package io.kappareplay.consumer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad values, unknown names and malformed command lines: each names what is wrong and the fix. */
class ConsumerConfigValidationTest {

    private static final List<String> JOB_SPEC = List.of("--job-spec", "job.yaml");

    /** For each key, invalid values and what the message says would be valid. */
    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of(
                        ConsumerConfigKey.JOB_SPEC,
                        "",
                        "use a file path, e.g. /etc/kappa/job.yaml"),
                Arguments.of(
                        ConsumerConfigKey.MODE,
                        "jobs",
                        "use one of job, continuous (default job); did you mean 'job'?"),
                Arguments.of(
                        ConsumerConfigKey.INGRESS_END_OFFSETS,
                        "0=12,1:40",
                        "use partition=offset pairs separated by commas, one for every ingress"
                                + " partition (e.g. 0=1200,1=1187), or empty for none (default:"
                                + " empty); '1:40' is not partition=offset"),
                Arguments.of(
                        ConsumerConfigKey.INGRESS_END_OFFSETS,
                        "0=12, 1=40, 0=13",
                        "; partition 0 is listed twice"),
                Arguments.of(ConsumerConfigKey.INGRESS_END_OFFSETS, "0=-1", "'0=-1' is not"),
                Arguments.of(
                        ConsumerConfigKey.MAX_IN_FLIGHT,
                        "0",
                        "use 1 to 1000000 records (default 1000)"),
                Arguments.of(
                        ConsumerConfigKey.MAX_IN_FLIGHT,
                        "1000001",
                        "use 1 to 1000000 records (default 1000)"),
                Arguments.of(ConsumerConfigKey.MAX_IN_FLIGHT, "1_000", "use 1 to 1000000 records"),
                Arguments.of(ConsumerConfigKey.MAX_IN_FLIGHT, "1e3", "use 1 to 1000000 records"),
                Arguments.of(ConsumerConfigKey.MAX_IN_FLIGHT, "1000 ", "use 1 to 1000000 records"),
                Arguments.of(
                        ConsumerConfigKey.MAX_IN_FLIGHT_BYTES,
                        "64MB",
                        "use a size in bytes, or with unit KiB, MiB, GiB or TiB (e.g. 64MiB, 1GiB),"
                                + " of at least 1KiB (default 256MiB); did you mean '64MiB'? sizes"
                                + " are binary (1MiB = 2^20 bytes)"),
                Arguments.of(
                        ConsumerConfigKey.MAX_IN_FLIGHT_BYTES,
                        "256",
                        "(default 256MiB); a number alone is bytes: did you mean '256MiB'?"),
                Arguments.of(
                        ConsumerConfigKey.MAX_IN_FLIGHT_BYTES,
                        "16777216TiB",
                        "of at least 1KiB (default 256MiB)"),
                Arguments.of(
                        ConsumerConfigKey.LOW_WATER_RATIO,
                        "1",
                        "use a number greater than 0 and less than 1, e.g. 0.8 (default 0.8)"),
                Arguments.of(
                        ConsumerConfigKey.LOW_WATER_RATIO,
                        "0",
                        "use a number greater than 0 and less than 1"),
                Arguments.of(
                        ConsumerConfigKey.LOW_WATER_RATIO,
                        "NaN",
                        "use a number greater than 0 and less than 1"),
                Arguments.of(
                        ConsumerConfigKey.ADAPTIVE_CONCURRENCY,
                        "on",
                        "use one of off, gradient (default off)"),
                Arguments.of(
                        ConsumerConfigKey.ADAPTIVE_CONCURRENCY_MIN_LIMIT,
                        "0",
                        "use 1 to 1000000 records, at most max-in-flight (default 10)"),
                Arguments.of(
                        ConsumerConfigKey.ORDERING,
                        "Key",
                        "use one of unordered, key, partition (default unordered); did you mean"
                                + " 'key'?"),
                Arguments.of(
                        ConsumerConfigKey.MAX_RECORDS_PER_SECOND,
                        "-1",
                        "use 0 (no limit) or more records per second (default 0)"),
                Arguments.of(
                        ConsumerConfigKey.RETRY_MAX_ATTEMPTS,
                        "0",
                        "use 1 or more attempts (default 5)"),
                Arguments.of(
                        ConsumerConfigKey.RETRY_INITIAL_BACKOFF,
                        "100",
                        "use a duration from 1ms to 1h with unit ms, s, m or h (e.g. 250ms, 2s,"
                                + " 1m) (default 100ms); give it a unit: '100ms', '100s', '100m'"
                                + " or '100h'"),
                Arguments.of(
                        ConsumerConfigKey.RETRY_INITIAL_BACKOFF,
                        "0ms",
                        "use a duration from 1ms to 1h"),
                Arguments.of(
                        ConsumerConfigKey.RETRY_MAX_BACKOFF,
                        "PT30S",
                        "(default 30s); did you mean '30s'?"),
                Arguments.of(
                        ConsumerConfigKey.RETRY_MAX_BACKOFF, "2h", "use a duration from 1ms to 1h"),
                Arguments.of(
                        ConsumerConfigKey.RETRY_JITTER,
                        "1.5",
                        "use a number from 0 to 1: 0 = no jitter, 0.5 = equal jitter, 1 = full"
                                + " jitter (default 0.5)"),
                Arguments.of(
                        ConsumerConfigKey.HANDLER_TIMEOUT,
                        "60 sec",
                        "use a duration from 1ms to 24h with unit ms, s, m or h (e.g. 250ms, 2s,"
                                + " 1m) (default 60s); did you mean '60s'?"),
                Arguments.of(
                        ConsumerConfigKey.STALL_THRESHOLD,
                        "500ms",
                        "use a duration from 1s to 24h"),
                Arguments.of(
                        ConsumerConfigKey.SHUTDOWN_TIMEOUT, "-1s", "use a duration from 0s to 1h"),
                Arguments.of(
                        ConsumerConfigKey.COMMIT_INTERVAL, "1.5s", "use a duration from 1ms to 1h"),
                Arguments.of(
                        ConsumerConfigKey.POLL_TIMEOUT,
                        "1m",
                        "use a duration from 1ms to 10s with unit ms, s, m or h (e.g. 250ms, 2s,"
                                + " 1m) (default 100ms)"),
                Arguments.of(
                        ConsumerConfigKey.INSTANCE_ID,
                        "pod/0",
                        "use up to 249 of a-z A-Z 0-9 . _ - (Kafka's rule for group.instance.id)"),
                Arguments.of(
                        ConsumerConfigKey.METRICS_PORT,
                        "65536",
                        "use -1 (off), 0 (any free port) or a port from 1 to 65535 (default 9400)"),
                Arguments.of(
                        ConsumerConfigKey.METRICS_PORT,
                        "-2",
                        "use -1 (off), 0 (any free port) or a port from 1 to 65535"),
                Arguments.of(
                        ConsumerConfigKey.HANDLER_JARS,
                        "a.jar,,b.jar",
                        "use file paths separated by commas"));
    }

    @Test
    void everyKeyHasAnInvalidValueTested() {
        Set<Object> tested =
                invalidValues().map(arguments -> arguments.get()[0]).collect(Collectors.toSet());

        assertThat(tested).containsExactlyInAnyOrder((Object[]) ConsumerConfigKey.values());
    }

    @ParameterizedTest(name = "{0} ''{1}''")
    @MethodSource("invalidValues")
    void anInvalidValueNamesTheKeyItsSourceTheValueAndWhatIsValid(
            ConsumerConfigKey key, String value, String expected) {
        ConsumerConfigException thrown =
                failure(
                        Map.of("kappa.consumer.job-spec", "job.yaml"),
                        Map.of(),
                        List.of(key.flag(), value));

        assertThat(thrown.problems())
                .singleElement()
                .satisfies(
                        problem -> {
                            assertThat(problem.name()).isEqualTo(key.key());
                            assertThat(problem.origin()).contains(key.flag());
                            assertThat(problem.value()).contains(value);
                            assertThat(problem.problem()).isEqualTo("is not valid");
                            assertThat(problem.expected()).contains(expected);
                        });
        assertThat(thrown)
                .hasMessageContaining(key.key() + " (from " + key.flag() + "): '" + value + "'");
    }

    @Test
    void theMessageNamesTheEnvironmentVariableAValueCameFrom() {
        ConsumerConfigException thrown =
                failure(Map.of(), Map.of("KAPPA_CONSUMER_RETRY_JITTER", "2"), JOB_SPEC);

        assertThat(thrown)
                .hasMessage(
                        "Invalid consumer configuration (1 problem):\n"
                                + "  kappa.consumer.retry.jitter (from KAPPA_CONSUMER_RETRY_JITTER):"
                                + " '2' is not valid; use a number from 0 to 1: 0 = no jitter, 0.5"
                                + " = equal jitter, 1 = full jitter (default 0.5)");
    }

    @Test
    void aMissingJobSpecSaysHowToGiveIt() {
        ConsumerConfigException thrown = failure(Map.of(), Map.of(), List.of());

        assertThat(thrown)
                .hasMessage(
                        "Invalid consumer configuration (1 problem):\n"
                                + "  kappa.consumer.job-spec: missing; give a file path, e.g."
                                + " /etc/kappa/job.yaml: --job-spec <value> or"
                                + " KAPPA_CONSUMER_JOB_SPEC=<value>");
    }

    @Test
    void aMaxBackoffBelowTheInitialOneIsRefused() {
        ConsumerConfigException thrown =
                failure(
                        Map.of(),
                        Map.of("KAPPA_CONSUMER_RETRY_INITIAL_BACKOFF", "1m"),
                        List.of("--job-spec", "job.yaml", "--retry.max-backoff=10s"));

        assertThat(thrown.problems())
                .singleElement()
                .hasToString(
                        "kappa.consumer.retry.max-backoff (from --retry.max-backoff): '10s' is"
                                + " less than kappa.consumer.retry.initial-backoff (1m); use a"
                                + " max-backoff of at least the initial one, or lower the initial"
                                + " one");
    }

    @Test
    void anInitialBackoffAboveTheDefaultMaxIsRefusedAgainstTheDefault() {
        ConsumerConfigException thrown =
                failure(
                        Map.of(),
                        Map.of(),
                        List.of("--job-spec=j.yaml", "--retry.initial-backoff=1m"));

        assertThat(thrown.problems())
                .singleElement()
                .satisfies(
                        problem -> {
                            assertThat(problem.name())
                                    .isEqualTo("kappa.consumer.retry.max-backoff");
                            assertThat(problem.origin()).isEmpty();
                            assertThat(problem.value()).contains("30s");
                        });
    }

    @Test
    void anAdaptiveMinLimitAboveMaxInFlightIsRefused() {
        ConsumerConfigException thrown =
                failure(
                        Map.of("kappa.consumer.max-in-flight", "20"),
                        Map.of("KAPPA_CONSUMER_ADAPTIVE_CONCURRENCY", "gradient"),
                        List.of("--job-spec", "job.yaml", "--adaptive-concurrency.min-limit=50"));

        assertThat(thrown.problems())
                .singleElement()
                .hasToString(
                        "kappa.consumer.adaptive-concurrency.min-limit (from"
                                + " --adaptive-concurrency.min-limit): '50' is more than"
                                + " kappa.consumer.max-in-flight (20); use a min-limit of at most"
                                + " max-in-flight, or raise max-in-flight");
    }

    @Test
    void theDefaultMinLimitAboveASmallMaxInFlightIsRefusedOnlyWhenAdaptive() {
        List<String> small = List.of("--job-spec", "job.yaml", "--max-in-flight", "5");

        assertThat(ConsumerConfig.load(Map.of(), Map.of(), small).maxInFlight()).isEqualTo(5);
        assertThat(
                        failure(
                                        Map.of(),
                                        Map.of("KAPPA_CONSUMER_ADAPTIVE_CONCURRENCY", "gradient"),
                                        small)
                                .problems())
                .singleElement()
                .satisfies(
                        problem -> {
                            assertThat(problem.name())
                                    .isEqualTo("kappa.consumer.adaptive-concurrency.min-limit");
                            assertThat(problem.origin()).isEmpty();
                            assertThat(problem.value()).contains("10");
                        });
    }

    @Test
    void ingressEndOffsetsAreReadSortedByPartition() {
        ConsumerConfig config =
                ConsumerConfig.load(
                        Map.of(),
                        Map.of("KAPPA_CONSUMER_INGRESS_END_OFFSETS", "2=7, 0=120,1=0"),
                        JOB_SPEC);

        assertThat(config.ingressEndOffsets())
                .containsExactly(Map.entry(0, 120L), Map.entry(1, 0L), Map.entry(2, 7L));
        assertThat(config.toString()).contains("kappa.consumer.ingress-end-offsets=0=120,1=0,2=7,");
    }

    @Test
    void ingressEndOffsetsAreRefusedInContinuousMode() {
        ConsumerConfigException thrown =
                failure(
                        Map.of(),
                        Map.of(),
                        List.of(
                                "--job-spec=j.yaml",
                                "--mode=continuous",
                                "--ingress-end-offsets=0=5"));

        assertThat(thrown.problems())
                .singleElement()
                .hasToString(
                        "kappa.consumer.ingress-end-offsets (from --ingress-end-offsets): '0=5'"
                                + " applies only in job mode, and kappa.consumer.mode is"
                                + " continuous; leave it out in continuous mode, or run with"
                                + " --mode job");
    }

    @Test
    void aMisspeltFlagIsAnErrorWithTheFlagItMeant() {
        ConsumerConfigException thrown =
                failure(Map.of(), Map.of(), List.of("--job-spec", "j.yaml", "--max-inflight", "5"));

        assertThat(thrown.problems())
                .singleElement()
                .hasToString("--max-inflight: is not a flag; did you mean --max-in-flight?");
    }

    @Test
    void theBeginningOfAFlagNamesTheFlag() {
        assertThat(failure(Map.of(), Map.of(), List.of("--job-spec=j.yaml", "--stall=1m")))
                .hasMessageContaining("--stall: is not a flag; did you mean --stall-threshold?");
    }

    @Test
    void anUnknownFlagWithNothingCloseListsTheFlags() {
        ConsumerConfigException thrown =
                failure(Map.of(), Map.of(), List.of("--job-spec=j.yaml", "--verbose=true"));

        assertThat(thrown.problems().get(0).expected())
                .startsWith(
                        "the flags are --job-spec, --mode, --ingress-end-offsets, --max-in-flight,")
                .endsWith("--handler-jars and --kafka.<client property>");
    }

    @Test
    void aFlagWithTheKeyPrefixSaysToLeaveItOut() {
        assertThat(
                        failure(
                                Map.of(),
                                Map.of(),
                                List.of("--job-spec=j.yaml", "--kappa.consumer.max-in-flight=5")))
                .hasMessageContaining(
                        "--kappa.consumer.max-in-flight: is not a flag; flags leave out the"
                                + " kappa.consumer. prefix: use --max-in-flight");
    }

    @Test
    void aMisspeltEnvironmentVariableIsAnErrorWithTheVariableItMeant() {
        ConsumerConfigException thrown =
                failure(Map.of(), Map.of("KAPPA_CONSUMER_MAX_INFLIGHT", "5"), JOB_SPEC);

        assertThat(thrown.problems())
                .singleElement()
                .hasToString(
                        "KAPPA_CONSUMER_MAX_INFLIGHT: is not a consumer setting; did you mean"
                                + " KAPPA_CONSUMER_MAX_IN_FLIGHT?");
    }

    @Test
    void aMisspeltPropertyIsAnErrorWithTheKeyItMeant() {
        ConsumerConfigException thrown =
                failure(Map.of("kappa.consumer.retry.max-atempts", "3"), Map.of(), JOB_SPEC);

        assertThat(thrown.problems())
                .singleElement()
                .hasToString(
                        "kappa.consumer.retry.max-atempts: is not a key; did you mean"
                                + " kappa.consumer.retry.max-attempts?");
    }

    @Test
    void aPropertyOutsideBothPrefixesIsAnError() {
        assertThat(failure(Map.of("max.in.flight", "3"), Map.of(), JOB_SPEC))
                .hasMessageContaining(
                        "max.in.flight: is not a key; use kappa.consumer.<key> (see --help) or"
                                + " kafka.<client property>");
    }

    @Test
    void aFlagWithoutAValueSaysHowToPassOne() {
        ConsumerConfigException thrown =
                failure(
                        Map.of(),
                        Map.of(),
                        List.of("--instance-id", "--job-spec", "j.yaml", "--mode"));

        assertThat(thrown.problems())
                .extracting(ConfigProblem::message)
                .containsExactly(
                        "--instance-id: needs a value; pass --instance-id <value> or"
                                + " --instance-id=<value>; a value starting with -- only in the"
                                + " second form",
                        "--mode: needs a value; pass --mode <value> or --mode=<value>; a value"
                                + " starting with -- only in the second form");
    }

    @Test
    void aFlagGivenTwiceIsAnError() {
        assertThat(
                        failure(
                                Map.of(),
                                Map.of(),
                                List.of("--job-spec=j.yaml", "--mode=job", "--mode", "continuous")))
                .hasMessageContaining("--mode: is given twice; give it once");
    }

    @Test
    void anArgumentThatIsNotAFlagIsAnError() {
        assertThat(failure(Map.of(), Map.of(), List.of("--job-spec", "j.yaml", "continuous")))
                .hasMessageContaining(
                        "argument 3: 'continuous' is not a flag; flags start with -- and take a"
                                + " value: --max-in-flight 1000 or --max-in-flight=1000");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConsumerConfigException thrown =
                failure(
                        Map.of("kappa.consumer.odering", "key"),
                        Map.of(
                                "KAPPA_CONSUMER_MAX_IN_FLIGHT", "0",
                                "KAPPA_CONSUMER_MODES", "job"),
                        List.of(
                                "--retry.jitter=2",
                                "--pol-timeout=1s",
                                "--retry.max-backoff",
                                "10ms",
                                "--retry.initial-backoff=20ms"));

        assertThat(thrown.problems())
                .extracting(ConfigProblem::name)
                .containsExactly(
                        "kappa.consumer.odering",
                        "KAPPA_CONSUMER_MODES",
                        "--pol-timeout",
                        "kappa.consumer.job-spec",
                        "kappa.consumer.max-in-flight",
                        "kappa.consumer.retry.jitter",
                        "kappa.consumer.retry.max-backoff");
        assertThat(thrown).hasMessageStartingWith("Invalid consumer configuration (7 problems):\n");
    }

    @Test
    void eachKeyNameAndEnvironmentVariableIsSuggestedForItsOwnTypo() {
        for (ConsumerConfigKey key : ConsumerConfigKey.values()) {
            String flagTypo = "--" + withoutLastLetter(key.shortName());
            String variableTypo = withoutLastLetter(key.environmentVariable());
            ConsumerConfigException thrown =
                    failure(
                            Map.of(),
                            Map.of(variableTypo, "x"),
                            List.of("--job-spec=j.yaml", flagTypo + "=x"));

            assertThat(thrown.problems())
                    .extracting(ConfigProblem::expected)
                    .containsExactlyInAnyOrder(
                            "did you mean " + key.environmentVariable() + "?",
                            "did you mean " + key.flag() + "?");
        }
    }

    @Test
    void problemsCanBeReadOneByOne() {
        ConfigProblem problem = failure(Map.of(), Map.of(), List.of()).problems().get(0);

        assertThat(problem)
                .isEqualTo(
                        new ConfigProblem(
                                "kappa.consumer.job-spec",
                                Optional.empty(),
                                Optional.empty(),
                                "missing",
                                "give a file path, e.g. /etc/kappa/job.yaml: --job-spec <value>"
                                        + " or KAPPA_CONSUMER_JOB_SPEC=<value>"));
    }

    private static String withoutLastLetter(String name) {
        return name.substring(0, name.length() - 1);
    }

    static ConsumerConfigException failure(
            Map<String, String> properties,
            Map<String, String> environment,
            List<String> arguments) {
        try {
            ConsumerConfig.load(properties, environment, arguments);
        } catch (ConsumerConfigException e) {
            return e;
        }
        throw new AssertionError("no ConsumerConfigException for " + arguments);
    }
}
