package io.kappareplay.publisher.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.publisher.publish.PublishOptionKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {

    @Test
    void readsEveryFlag() {
        JobArguments arguments =
                JobArguments.parse(
                        List.of(
                                "--spec",
                                "jobs/orders.yaml",
                                "--set",
                                "ingress.partitions=12",
                                "--set",
                                "kafka.properties.linger.ms=5",
                                "--warehouse",
                                "hdfs://nn:8020/w",
                                "--replace",
                                "--max-records-per-second",
                                "5000",
                                "--compression",
                                "zstd"));

        assertThat(arguments.specFile()).isEqualTo(Path.of("jobs/orders.yaml"));
        assertThat(arguments.overrides())
                .containsExactly(
                        Map.entry("ingress.partitions", "12"),
                        Map.entry("kafka.properties.linger.ms", "5"),
                        Map.entry("warehouse-root", "hdfs://nn:8020/w"));
        assertThat(arguments.publisherOptions())
                .containsOnly(
                        Map.entry("kappa.publisher.replace", "true"),
                        Map.entry("kappa.publisher.max-records-per-second", "5000"),
                        Map.entry("kappa.publisher.compression", "zstd"));
        assertThat(arguments.help()).isFalse();
    }

    @Test
    void everyPublisherOptionHasAFlag() {
        for (PublishOptionKey key : PublishOptionKey.values()) {
            List<String> flags =
                    key == PublishOptionKey.REPLACE
                            ? List.of(key.flag())
                            : List.of(key.flag(), key.defaultValue());
            assertThat(JobArguments.parse(flags).publisherOptions()).containsKey(key.key());
            assertThat(JobArguments.usage()).contains(key.flag());
        }
    }

    @Test
    void namesTheFlagAndTheFix() {
        assertThatThrownBy(() -> JobArguments.parse(List.of("--spec")))
                .isInstanceOf(JobArgumentsException.class)
                .hasMessage("--spec needs a value: the job spec file, e.g. jobs/orders.yaml");
        assertThatThrownBy(() -> JobArguments.parse(List.of("--set", "partitions")))
                .hasMessageStartingWith("--set 'partitions' is not key=value;");
        assertThatThrownBy(() -> JobArguments.parse(List.of("--spce", "x.yaml")))
                .hasMessageStartingWith("Unknown flag '--spce'; valid flags: --spec, --set,");
        assertThatThrownBy(() -> JobArguments.parse(List.of("--spec", "a", "--spec", "b")))
                .hasMessageStartingWith("--spec is given twice");
        assertThatThrownBy(() -> JobArguments.parse(List.of()).specFile())
                .hasMessageStartingWith("--spec is missing; give the job spec file");
    }
}
