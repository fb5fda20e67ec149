package io.kappareplay.sink.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SinkOptionsTest {
    private static final List<String> REQUIRED =
            List.of(
                    "--job", "orders",
                    "--bootstrap-servers", "127.0.0.1:9092",
                    "--registry-url", "http://127.0.0.1:8081",
                    "--warehouse", "file:///tmp/kappa-warehouse");

    @Test
    void defaults() {
        SinkOptions options = SinkArguments.parse(REQUIRED).options().orElseThrow();
        assertThat(options.mode()).isEqualTo(SinkMode.BOUNDED);
        assertThat(options.checkpointInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.parallelism()).isEqualTo(2);
        assertThat(options.maxPartSizeBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(options.restartAttempts()).isEqualTo(3);
        assertThat(options.groupId()).isEqualTo("kappa.sink");
        assertThat(options.checkpointDir()).isEmpty();
        assertThat(options.topicPattern().matcher("kappa.orders.egress").matches()).isTrue();
        assertThat(options.topicPattern().matcher("kappa.orders.dlq").matches()).isTrue();
        assertThat(options.topicPattern().matcher("kappa.orders.ingress").matches()).isFalse();
        assertThat(options.egressManifestLocation())
                .isEqualTo(
                        URI.create(
                                "file:///tmp/kappa-warehouse/kappa/manifests/orders/egress.json"));
    }

    @Test
    void everyFlagSetsItsField() {
        SinkOptions options =
                SinkArguments.parse(
                                concat(
                                        REQUIRED,
                                        "--mode",
                                        "continuous",
                                        "--egress-manifest",
                                        "hdfs://nn:8020/m/egress.json",
                                        "--topic-pattern",
                                        "kappa\\.a\\.egress",
                                        "--checkpoint-interval",
                                        "30s",
                                        "--checkpoint-dir",
                                        "hdfs://nn:8020/checkpoints",
                                        "--parallelism",
                                        "4",
                                        "--max-part-size-mb",
                                        "64",
                                        "--group-id",
                                        "lake",
                                        "--restart-attempts",
                                        "0",
                                        "--kafka",
                                        "security.protocol=SASL_SSL",
                                        "--registry",
                                        "basic.auth.user.info=u:p"))
                        .options()
                        .orElseThrow();
        assertThat(options.mode()).isEqualTo(SinkMode.CONTINUOUS);
        assertThat(options.egressManifest()).contains(URI.create("hdfs://nn:8020/m/egress.json"));
        assertThat(options.topicPattern().pattern()).isEqualTo("kappa\\.a\\.egress");
        assertThat(options.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.checkpointDir()).contains(URI.create("hdfs://nn:8020/checkpoints"));
        assertThat(options.parallelism()).isEqualTo(4);
        assertThat(options.maxPartSizeBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(options.groupId()).isEqualTo("lake");
        assertThat(options.restartAttempts()).isZero();
        assertThat(options.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(options.registryProperties()).containsEntry("basic.auth.user.info", "u:p");
        assertThat(options.job().map(job -> job.jobId())).isEqualTo(Optional.of("orders"));
    }

    @Test
    void badInputNamesTheFlagAndTheFix() {
        assertThatThrownBy(() -> SinkArguments.parse(concat(REQUIRED, "--parallelsm", "2")))
                .isInstanceOf(SinkConfigException.class)
                .hasMessageContaining("Unknown flag '--parallelsm'")
                .hasMessageContaining("--parallelism");
        assertThatThrownBy(() -> SinkArguments.parse(List.of("--mode", "bounded")))
                .hasMessageContaining("kappa.sink.job is missing: give --job");
        assertThatThrownBy(() -> SinkArguments.parse(concat(REQUIRED, "--mode", "batch")))
                .hasMessageContaining("'batch' is not a mode; use bounded or continuous");
        assertThatThrownBy(
                        () ->
                                SinkArguments.parse(
                                        concat(REQUIRED, "--checkpoint-interval", "soon")))
                .hasMessageContaining(
                        "kappa.sink.checkpoint-interval (--checkpoint-interval) 'soon'");
        assertThatThrownBy(() -> SinkArguments.parse(concat(REQUIRED, "--parallelism", "0")))
                .hasMessageContaining("use a whole number of 1 or more");
        assertThatThrownBy(() -> SinkArguments.parse(List.of("--job", "Orders!")))
                .hasMessageContaining("job id 'Orders!' is not valid");
        assertThatThrownBy(
                        () -> SinkArguments.parse(concat(REQUIRED, "--warehouse", "relative/dir")))
                .hasMessageContaining("is given twice");
        assertThatThrownBy(() -> SinkArguments.parse(concat(REQUIRED, "--kafka", "novalue")))
                .hasMessageContaining("is not key=value");
        assertThat(SinkArguments.parse(List.of("--help")).options()).isEmpty();
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
