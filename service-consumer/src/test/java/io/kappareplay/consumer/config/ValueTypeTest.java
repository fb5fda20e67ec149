package io.kappareplay.consumer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kappareplay.consumer.config.ValueType.ByteSize;
import io.kappareplay.consumer.config.ValueType.TimeSpan;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The written forms of sizes and durations, and the hints for near misses. */
class ValueTypeTest {

    private static final ByteSize SIZE = new ByteSize(1024);
    private static final TimeSpan DURATION = new TimeSpan(Duration.ZERO, Duration.ofDays(2));

    @ParameterizedTest
    @CsvSource({
        "1024, 1024, 1KiB",
        "1536, 1536, 1536",
        "512KiB, 524288, 512KiB",
        "64MiB, 67108864, 64MiB",
        "1024MiB, 1073741824, 1GiB",
        "1GiB, 1073741824, 1GiB",
        "2TiB, 2199023255552, 2TiB",
    })
    void sizesAreReadInBinaryUnitsAndPrintedInTheLargestExactOne(
            String text, long bytes, String printed) throws Exception {
        assertThat(SIZE.parse(text)).isEqualTo(bytes);
        assertThat(SIZE.format(bytes)).isEqualTo(printed);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "64MB | ; did you mean '64MiB'? sizes are binary (1MiB = 2^20 bytes)",
                "64mib | ; did you mean '64MiB'? sizes are binary (1MiB = 2^20 bytes)",
                "1 GiB | ; did you mean '1GiB'? sizes are binary (1GiB = 2^30 bytes)",
                "512k | ; did you mean '512KiB'? sizes are binary (1KiB = 2^10 bytes)",
                "256 | ; a number alone is bytes: did you mean '256MiB'?",
                "9999999999999999999 | ''",
                "-1 | ''",
                "1.5GiB | ''",
            })
    void aSizeThatIsNotValidGetsAHintWhenItsIntentIsClear(String text, String hint) {
        assertThat(catchThrowableOfType(InvalidValueException.class, () -> SIZE.parse(text)).hint())
                .isEqualTo(hint);
    }

    @ParameterizedTest
    @CsvSource({
        "0s, PT0S, 0s",
        "250ms, PT0.25S, 250ms",
        "1000ms, PT1S, 1s",
        "90s, PT1M30S, 90s",
        "120s, PT2M, 2m",
        "5m, PT5M, 5m",
        "60m, PT1H, 1h",
        "36h, PT36H, 36h",
    })
    void durationsAreReadWithOneUnitAndPrintedInTheLargestExactOne(
            String text, Duration duration, String printed) throws Exception {
        assertThat(DURATION.parse(text)).isEqualTo(duration);
        assertThat(DURATION.format(duration)).isEqualTo(printed);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "30 | ; give it a unit: '30ms', '30s', '30m' or '30h'",
                "30sec | ; did you mean '30s'?",
                "30 seconds | ; did you mean '30s'?",
                "5min | ; did you mean '5m'?",
                "250MS | ; did you mean '250ms'?",
                "2hours | ; did you mean '2h'?",
                "PT1M30S | ; did you mean '90s'?",
                "1.5s | ''",
                "3d | ''",
                "3h | ''",
            })
    void aDurationThatIsNotValidGetsAHintWhenItsIntentIsClear(String text, String hint) {
        TimeSpan upToAnHour = new TimeSpan(Duration.ZERO, Duration.ofHours(1));

        assertThat(
                        catchThrowableOfType(
                                        InvalidValueException.class, () -> upToAnHour.parse(text))
                                .hint())
                .isEqualTo(hint);
    }
}
