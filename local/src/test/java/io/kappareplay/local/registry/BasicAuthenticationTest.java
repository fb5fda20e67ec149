package io.kappareplay.local.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
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

    @Test
    void aUserWithAnEmptyPasswordIsAUsageErrorNamingTheFileAndTheUser() throws IOException {
        Path file = directory.resolve("users.properties");
        Files.writeString(file, "alice=s3cret\nbob=\n");

        assertThatThrownBy(() -> BasicAuthentication.load("--basic-auth-file", file))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--basic-auth-file " + file + ": user 'bob'")
                .hasMessageContaining("empty password");
    }

    @Test
    void aBlankPasswordOrUserNameIsAUsageError() throws IOException {
        Path blankPassword = directory.resolve("blank.properties");
        Files.writeString(blankPassword, "carol =   \n");
        Path noName = directory.resolve("noname.properties");
        Files.writeString(noName, "=pw\n");

        assertThatThrownBy(() -> BasicAuthentication.load("--basic-auth-file", blankPassword))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("user 'carol' has an empty password");
        assertThatThrownBy(() -> BasicAuthentication.load("--basic-auth-file", noName))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--basic-auth-file " + noName + " has a line with an empty");
    }

    @Test
    void anEmptyPasswordNeverAuthenticates() {
        assertThatThrownBy(() -> new BasicAuthentication(Map.of("bob", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bob'");
        BasicAuthentication authentication = new BasicAuthentication(Map.of("alice", "pw"));

        for (String credentials : new String[] {"bob:", "alice:", ":", ":pw"}) {
            assertThatThrownBy(() -> authentication.check(basic(credentials)))
                    .as(credentials)
                    .isInstanceOf(RegistryException.class);
        }
    }

    @Test
    void passwordsThatArePrefixesOrExtensionsOfTheRightOneAreRefused() {
        BasicAuthentication authentication = new BasicAuthentication(Map.of("alice", "s3cret"));

        for (String password : new String[] {"s3cre", "s3cret ", "s3cret\u0000", "S3CRET", ""}) {
            assertThatThrownBy(() -> authentication.check(basic("alice:" + password)))
                    .as(password)
                    .isInstanceOf(RegistryException.class);
        }
        assertThatCode(() -> authentication.check(basic("alice:s3cret")))
                .doesNotThrowAnyException();
    }

    @Test
    void anUnreadablePropertiesFileIsAUsageError() throws IOException {
        Path file = directory.resolve("bad.properties");
        Files.writeString(file, "alice=\\u00zz\n");

        assertThatThrownBy(() -> BasicAuthentication.load("--basic-auth-file", file))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--basic-auth-file " + file + ": cannot read it");
    }
}
