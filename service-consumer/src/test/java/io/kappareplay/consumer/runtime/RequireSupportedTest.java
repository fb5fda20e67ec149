package io.kappareplay.consumer.runtime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.consumer.testing.TestJobSpecs;
import io.kappareplay.schemas.spec.JobSpec;
import io.kappareplay.schemas.spec.JobSpecParser;
import org.junit.jupiter.api.Test;

/** A spec asking for more than the runtime gives is refused, never run with less. */
class RequireSupportedTest {

    @Test
    void exactlyOnceIsRefusedWithTheSettingToUse() {
        JobSpec spec = spec("delivery-guarantee: exactly-once\n");

        assertThatThrownBy(() -> ReplayConsumer.requireSupported(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Job orders-eos: delivery-guarantee exactly-once")
                .hasMessageContaining("set delivery-guarantee: at-least-once");
    }

    @Test
    void atLeastOnceIsRun() {
        assertThatCode(() -> ReplayConsumer.requireSupported(spec(""))).doesNotThrowAnyException();
    }

    private static JobSpec spec(String extra) {
        String yaml =
                TestJobSpecs.yaml(
                                "orders-eos",
                                DeterministicHandler.class,
                                "127.0.0.1:9092",
                                "http://127.0.0.1:8081")
                        + extra;
        return new JobSpecParser().parse(yaml, "orders-eos.yaml");
    }
}
