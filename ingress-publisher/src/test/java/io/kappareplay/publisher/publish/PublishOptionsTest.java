package io.kappareplay.publisher.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishOptionsTest {

    @Test
    void defaultsArePinned() {
        PublishOptions options = PublishOptions.defaults();

        assertThat(options.maxRecordsPerSecond()).isZero();
        assertThat(options.compression()).isEqualTo(Compression.LZ4);
        assertThat(options.transactionTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(options.replace()).isFalse();
        assertThat(options.adminTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.readBackTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(options.maxConsumerLag()).isZero();
        assertThat(options.lagCheckInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.maxLagWait()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void everyKeyReachesItsField() {
        PublishOptions options =
                PublishOptions.fromProperties(
                        Map.of(
                                "kappa.publisher.max-records-per-second", "5000",
                                "kappa.publisher.compression", "zstd",
                                "kappa.publisher.transaction-timeout", "90s",
                                "kappa.publisher.replace", "true",
                                "kappa.publisher.admin-timeout", "1500ms",
                                "kappa.publisher.read-back-timeout", "2h",
                                "kappa.publisher.max-consumer-lag", "50000",
                                "kappa.publisher.lag-check-interval", "250ms",
                                "kappa.publisher.max-lag-wait", "75s"));

        assertThat(options)
                .isEqualTo(
                        new PublishOptions(
                                5000,
                                Compression.ZSTD,
                                Duration.ofSeconds(90),
                                true,
                                Duration.ofMillis(1500),
                                Duration.ofHours(2),
                                50_000,
                                Duration.ofMillis(250),
                                Duration.ofSeconds(75)));
    }

    @Test
    void everySettingReadsBackAsItsOwnValue() {
        PublishOptions options =
                new PublishOptions(
                        7,
                        Compression.NONE,
                        Duration.ofSeconds(3),
                        true,
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(5),
                        8,
                        Duration.ofMillis(600),
                        Duration.ofSeconds(2));
        Map<String, String> properties = new HashMap<>();
        Arrays.stream(PublishOptionKey.values())
                .forEach(key -> properties.put(key.key(), options.valueOf(key)));

        assertThat(PublishOptions.fromProperties(properties)).isEqualTo(options);
    }

    @Test
    void keysHaveOneSpelling() {
        assertThat(PublishOptionKey.MAX_RECORDS_PER_SECOND.key())
                .isEqualTo("kappa.publisher.max-records-per-second");
        assertThat(PublishOptionKey.REPLACE.flag()).isEqualTo("--replace");
        assertThat(PublishOptionKey.named("kappa.publisher.replace"))
                .contains(PublishOptionKey.REPLACE);
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertThatThrownBy(
                        () ->
                                PublishOptions.fromProperties(
                                        Map.of(
                                                "kappa.publisher.compression", "gzip",
                                                "kappa.publisher.max-records-per-second", "-1",
                                                "kappa.publisher.transaction-timeout", "2h",
                                                "kappa.publisher.replase", "true",
                                                "spark.executor.cores", "4")))
                .isInstanceOfSatisfying(
                        PublishConfigException.class,
                        e ->
                                assertThat(e.problems())
                                        .containsExactlyInAnyOrder(
                                                "kappa.publisher.replase is not a publisher"
                                                        + " setting; use one of"
                                                        + " [kappa.publisher.max-records-per-second,"
                                                        + " kappa.publisher.compression,"
                                                        + " kappa.publisher.transaction-timeout,"
                                                        + " kappa.publisher.replace,"
                                                        + " kappa.publisher.admin-timeout,"
                                                        + " kappa.publisher.read-back-timeout,"
                                                        + " kappa.publisher.max-consumer-lag,"
                                                        + " kappa.publisher.lag-check-interval,"
                                                        + " kappa.publisher.max-lag-wait]",
                                                "kappa.publisher.compression=gzip is not valid;"
                                                        + " use lz4, zstd or none",
                                                "kappa.publisher.max-records-per-second=-1 is not"
                                                        + " valid; use 0 (no limit) or more records"
                                                        + " per second",
                                                "kappa.publisher.transaction-timeout=2h is not"
                                                        + " valid; use 1s to 1h, e.g. 90s, 15m;"
                                                        + " at most the broker's"
                                                        + " transaction.max.timeout.ms"));
    }

    @Test
    void durationsNeedAUnit() {
        assertThatThrownBy(
                        () ->
                                PublishOptions.fromProperties(
                                        Map.of("kappa.publisher.admin-timeout", "120")))
                .hasMessage(
                        "kappa.publisher.admin-timeout=120 is not valid; use 1s to 1h, e.g. 1500ms,"
                                + " 30s, 2m");
    }

    @Test
    void theLagWaitMustEndBeforeTheBrokerAbortsTheTransaction() {
        assertThatThrownBy(
                        () ->
                                PublishOptions.fromProperties(
                                        Map.of(
                                                "kappa.publisher.max-consumer-lag", "100000",
                                                "kappa.publisher.max-lag-wait", "20m",
                                                "kappa.publisher.transaction-timeout", "15m")))
                .hasMessage(
                        "kappa.publisher.max-lag-wait=20m is not valid with"
                                + " kappa.publisher.transaction-timeout=15m: a task may wait with"
                                + " its transaction open, and the broker aborts it after the"
                                + " transaction timeout; use a kappa.publisher.max-lag-wait below"
                                + " 15m, or raise kappa.publisher.transaction-timeout");
    }

    @Test
    void theLagWaitIsNotCheckedAgainstTheTransactionWhileTheLoopIsOff() {
        assertThat(
                        PublishOptions.fromProperties(
                                        Map.of(
                                                "kappa.publisher.max-lag-wait", "20m",
                                                "kappa.publisher.transaction-timeout", "15m"))
                                .maxLagWait())
                .isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void lagSettingsOutOfRangeAreNamed() {
        assertThatThrownBy(
                        () ->
                                PublishOptions.fromProperties(
                                        Map.of(
                                                "kappa.publisher.lag-check-interval", "10ms",
                                                "kappa.publisher.max-consumer-lag", "-1")))
                .isInstanceOfSatisfying(
                        PublishConfigException.class,
                        e ->
                                assertThat(e.problems())
                                        .containsExactlyInAnyOrder(
                                                "kappa.publisher.lag-check-interval=10ms is not"
                                                        + " valid; use 100ms to 10m, e.g. 500ms, 5s",
                                                "kappa.publisher.max-consumer-lag=-1 is not valid;"
                                                        + " use 0 (off) or more offsets"));
    }
}
