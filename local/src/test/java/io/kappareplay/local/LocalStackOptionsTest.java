package io.kappareplay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalStackOptionsTest {

    @Test
    void defaults() {
        LocalStackOptions options = LocalStackOptions.parse();
        assertThat(options.kafkaPort()).isZero();
        assertThat(options.registryPort()).isZero();
        assertThat(options.dataDirectory()).isEqualTo(Path.of(".kappa", "local"));
        assertThat(options.secure()).isFalse();
        assertThat(options.help()).isFalse();
    }

    @Test
    void everyFlagMapsToItsField() {
        LocalStackOptions options =
                LocalStackOptions.parse(
                        "--kafka-port",
                        "9092",
                        "--registry-port",
                        "8081",
                        "--data-dir",
                        "/tmp/k",
                        "--secure",
                        "--help");
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.registryPort()).isEqualTo(8081);
        assertThat(options.dataDirectory()).isEqualTo(Path.of("/tmp/k"));
        assertThat(options.secure()).isTrue();
        assertThat(options.help()).isTrue();
    }

    @Test
    void everyMistakeIsReportedAtOnceWithTheFix() {
        assertThatThrownBy(
                        () ->
                                LocalStackOptions.parse(
                                        "--kafka-port",
                                        "x",
                                        "--verbose",
                                        "--registry-port",
                                        "70000",
                                        "--data-dir"))
                .hasMessageContaining("--kafka-port 'x' is not a port")
                .hasMessageContaining("unknown option '--verbose'; valid options:")
                .hasMessageContaining("--registry-port '70000' is not a port")
                .hasMessageContaining("--data-dir needs a value");
    }

    @Test
    void samePortTwiceIsRefused() {
        assertThatThrownBy(
                        () ->
                                LocalStackOptions.parse(
                                        "--kafka-port", "9000", "--registry-port", "9000"))
                .hasMessageContaining("give them different ports");
    }
}
