package io.kappareplay.local.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionIdTest {

    @Test
    void latestAndMinusOneNameTheLatestVersion() {
        assertThat(VersionId.parse("latest").isLatest()).isTrue();
        assertThat(VersionId.parse("LATEST").isLatest()).isTrue();
        assertThat(VersionId.parse("-1").isLatest()).isTrue();
    }

    @Test
    void positiveNumbersAreVersions() {
        assertThat(VersionId.parse("1").number()).isEqualTo(1);
        assertThat(VersionId.parse("2147483647").number()).isEqualTo(Integer.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "abc", "1.5", "", "2147483648"})
    void anythingElseIsError42202NamingTheValue(String text) {
        assertThatThrownBy(() -> VersionId.parse(text))
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(422);
                            assertThat(e.errorCode()).isEqualTo(42202);
                            assertThat(e.getMessage()).contains("'" + text + "'");
                        });
    }
}
