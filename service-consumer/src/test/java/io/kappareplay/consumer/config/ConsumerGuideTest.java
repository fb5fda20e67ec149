package io.kappareplay.consumer.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.main.ConsumerMain;
import io.kappareplay.consumer.metrics.ConsumerMeters;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the user guide, {@code docs/consumer.md}, honest: a setting, a meter or an exit code added
 * to the code fails this test until the guide documents it.
 */
class ConsumerGuideTest {

    private static String guide;

    @BeforeAll
    static void readGuide() throws IOException {
        guide = Files.readString(guidePath());
    }

    /**
     * The guide, found from this test's classes ({@code service-consumer/target/test-classes}) so
     * that the test does not depend on the working directory.
     */
    private static Path guidePath() {
        Path classes;
        try {
            classes =
                    Path.of(
                            ConsumerGuideTest.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the test classes have no file location", e);
        }
        Path guide = classes.getParent().getParent().getParent().resolve("docs/consumer.md");
        assertThat(guide).as("the consumer guide").isRegularFile();
        return guide;
    }

    @ParameterizedTest
    @EnumSource(ConsumerConfigKey.class)
    void theSettingsTableHasARowForEveryKeyWithItsVariableAndDefault(ConsumerConfigKey key) {
        String rowStart = "| `" + key.flag() + "` |";
        List<String> rows = guide.lines().filter(line -> line.startsWith(rowStart)).toList();
        assertThat(rows).as("rows of the settings table starting with %s", rowStart).hasSize(1);
        String row = rows.get(0);
        assertThat(row).contains("`" + key.environmentVariable() + "`");
        String defaultCell =
                key.defaultValue()
                        .map(value -> value.isEmpty() ? "| empty" : "| `" + value + "` |")
                        .orElse("| required |");
        assertThat(row).as("the default of %s", key.key()).contains(defaultCell);
    }

    @ParameterizedTest
    @MethodSource("meterNames")
    void everyMeterIsDocumented(String meter) {
        assertMentioned(meter);
        String prometheus = meter.replace('.', '_').replace('-', '_');
        assertThat(guide).as("the Prometheus name of %s", meter).contains(prometheus);
    }

    @Test
    void everyExitCodeHasARow() throws IllegalAccessException {
        for (Field field : ConsumerMain.class.getFields()) {
            if (isConstant(field, int.class) && field.getName().startsWith("EXIT_")) {
                int code = field.getInt(null);
                assertThat(guide.lines().filter(line -> line.startsWith("| `" + code + "` |")))
                        .as("a row for exit code %d (%s)", code, field.getName())
                        .isNotEmpty();
            }
        }
    }

    @Test
    void theKafkaPassThroughIsDocumentedInItsThreeSpellings() {
        assertMentioned("--kafka.security.protocol");
        assertMentioned(KafkaPassThrough.ENVIRONMENT_PREFIX + "SECURITY_PROTOCOL");
        assertMentioned(KafkaPassThrough.PREFIX + "security.protocol");
    }

    static List<String> meterNames() {
        return Arrays.stream(ConsumerMeters.class.getFields())
                .filter(field -> isConstant(field, String.class))
                .map(ConsumerGuideTest::stringValue)
                .toList();
    }

    /** {@code name} appears as a whole: {@code --max-in-flight} not only inside a longer flag. */
    private static void assertMentioned(String name) {
        Pattern whole = Pattern.compile(Pattern.quote(name) + "(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])");
        assertThat(whole.matcher(guide).find()).as("docs/consumer.md mentions %s", name).isTrue();
    }

    private static boolean isConstant(Field field, Class<?> type) {
        int modifiers = field.getModifiers();
        return Modifier.isStatic(modifiers)
                && Modifier.isFinal(modifiers)
                && field.getType() == type;
    }

    private static String stringValue(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(field + " is public", e);
        }
    }
}
