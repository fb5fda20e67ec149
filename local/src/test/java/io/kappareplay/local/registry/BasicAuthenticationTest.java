package io.kappareplay.local.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasicAuthenticationTest {
    @TempDir Path directory;

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(UTF_8));
    }

    private BasicAuthentication users() throws IOException {
        Path file = directory.resolve("users.properties");
        Files.writeString(file, "# who may use the registry\nalice=s3cret:with:colons\nbob=pw\n");
        return BasicAuthentication.load("--basic-auth-file", file);
    }

    @Test
    void knownUsersWithTheirPasswordPass() throws IOException {
        BasicAuthentication authentication = users();

        assertThatCode(() -> authentication.check(basic("alice:s3cret:with:colons")))
                .doesNotThrowAnyException();
        assertThatCode(() -> authentication.check("basic " + basic("bob:pw").substring(6)))
                .doesNotThrowAnyException();
    }

    @Test
    void everythingElseIs40101() throws IOException {
        BasicAuthentication authentication = users();

        for (String header :
                new String[] {
                    null,
                    "Bearer token",
                    basic("alice:wrong"),
                    basic("mallory:pw"),
                    basic("no-colon"),
                    "Basic !!!notbase64"
                }) {
            assertThatThrownBy(() -> authentication.check(header))
                    .as(String.valueOf(header))
                    .isInstanceOfSatisfying(
                            RegistryException.class,
                            e -> {
                                assertThat(e.status()).isEqualTo(401);
                                assertThat(e.errorCode()).isEqualTo(40101);
                                assertThat(e.getMessage()).startsWith("Unauthorized: ");
                            });
        }
    }

    @Test
    void aFileWithoutUsersIsAUsageError() throws IOException {
        Path file = directory.resolve("empty.properties");
        Files.writeString(file, "# nobody\n");

        assertThatThrownBy(() -> BasicAuthentication.load("--basic-auth-file", file))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--basic-auth-file " + file + " has no users");
    }
}
