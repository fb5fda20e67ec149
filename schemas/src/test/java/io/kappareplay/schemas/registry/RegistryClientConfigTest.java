package io.kappareplay.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.schemas.registry.RegistryClientConfig.CredentialsSource;
import io.kappareplay.schemas.registry.RegistryClientConfig.StoreFile;
import io.kappareplay.schemas.registry.RegistryClientConfig.StoreType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryClientConfigTest {
    private static final String URL = "http://localhost:8081";

    @TempDir Path directory;

    @Test
    void defaults() {
        RegistryClientConfig config = RegistryClientConfig.from(Map.of("schema.registry.url", URL));

        assertThat(config.urls()).containsExactly(URI.create(URL));
        assertThat(config.basicAuthCredentialsSource()).isEqualTo(CredentialsSource.URL);
        assertThat(config.basicAuthUserInfo()).isEmpty();
        assertThat(config.bearerAuthToken()).isEmpty();
        assertThat(config.truststore()).isEmpty();
        assertThat(config.keystore()).isEmpty();
        assertThat(config.maxRetries()).isEqualTo(3);
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.cacheCapacity()).isEqualTo(1000);
        assertThat(RegistryClientConfig.MAX_RETRY_BACKOFF).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void everyKeyMapsToItsField() throws IOException {
        Path truststore = Files.createFile(directory.resolve("trust.jks"));
        Path keystore = Files.createFile(directory.resolve("client.p12"));
        Map<String, Object> settings = new HashMap<>();
        settings.put("schema.registry.url", " https://a:8081 , https://b:8081/ ");
        settings.put("basic.auth.credentials.source", "USER_INFO");
        settings.put("basic.auth.user.info", "replay: pass ");
        settings.put("schema.registry.ssl.truststore.location", truststore.toString());
        settings.put("schema.registry.ssl.truststore.password", "trust-pass");
        settings.put("schema.registry.ssl.truststore.type", "JKS");
        settings.put("schema.registry.ssl.keystore.location", keystore.toString());
        settings.put("schema.registry.ssl.keystore.password", "key-pass");
        settings.put("schema.registry.ssl.keystore.type", "pkcs12");
        settings.put("schema.registry.ssl.key.password", "its-own-pass");
        settings.put("kappa.registry.max-retries", "7");
        settings.put("kappa.registry.retry-backoff-ms", 250);
        settings.put("kappa.registry.request-timeout-ms", 5000L);
        settings.put("kappa.registry.cache-capacity", "20");

        RegistryClientConfig config = RegistryClientConfig.from(settings);

        assertThat(config.urls())
                .containsExactly(URI.create("https://a:8081"), URI.create("https://b:8081/"));
        assertThat(config.basicAuthCredentialsSource()).isEqualTo(CredentialsSource.USER_INFO);
        assertThat(config.basicAuthUserInfo()).contains("replay: pass ");
        assertThat(config.truststore())
                .contains(new StoreFile(truststore, Optional.of("trust-pass"), StoreType.JKS));
        assertThat(config.keystore())
                .contains(new StoreFile(keystore, Optional.of("key-pass"), StoreType.PKCS12));
        assertThat(config.keyPassword()).contains("its-own-pass");
        assertThat(config.maxRetries()).isEqualTo(7);
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.cacheCapacity()).isEqualTo(20);
    }

    @Test
    void bearerTokenMaps() {
        RegistryClientConfig config =
                RegistryClientConfig.from(
                        Map.of(
                                "schema.registry.url", URL,
                                "bearer.auth.credentials.source", "STATIC_TOKEN",
                                "bearer.auth.token", "t0ken"));

        assertThat(config.bearerAuthToken()).contains("t0ken");
    }

    @Test
    void keyNamesAreConfluents() {
        assertThat(
                        List.of(
                                RegistryClientConfig.URL,
                                RegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                                RegistryClientConfig.BASIC_AUTH_USER_INFO,
                                RegistryClientConfig.BEARER_AUTH_CREDENTIALS_SOURCE,
                                RegistryClientConfig.BEARER_AUTH_TOKEN,
                                RegistryClientConfig.TRUSTSTORE_LOCATION,
                                RegistryClientConfig.TRUSTSTORE_PASSWORD,
                                RegistryClientConfig.TRUSTSTORE_TYPE,
                                RegistryClientConfig.KEYSTORE_LOCATION,
                                RegistryClientConfig.KEYSTORE_PASSWORD,
                                RegistryClientConfig.KEYSTORE_TYPE,
                                RegistryClientConfig.KEY_PASSWORD,
                                RegistryClientConfig.MAX_RETRIES,
                                RegistryClientConfig.RETRY_BACKOFF_MS,
                                RegistryClientConfig.REQUEST_TIMEOUT_MS,
                                RegistryClientConfig.CACHE_CAPACITY))
                .containsExactly(
                        "schema.registry.url",
                        "basic.auth.credentials.source",
                        "basic.auth.user.info",
                        "bearer.auth.credentials.source",
                        "bearer.auth.token",
                        "schema.registry.ssl.truststore.location",
                        "schema.registry.ssl.truststore.password",
                        "schema.registry.ssl.truststore.type",
                        "schema.registry.ssl.keystore.location",
                        "schema.registry.ssl.keystore.password",
                        "schema.registry.ssl.keystore.type",
                        "schema.registry.ssl.key.password",
                        "kappa.registry.max-retries",
                        "kappa.registry.retry-backoff-ms",
                        "kappa.registry.request-timeout-ms",
                        "kappa.registry.cache-capacity");
    }

    @Test
    void unknownKeysAreIgnored() {
        RegistryClientConfig config =
                RegistryClientConfig.from(
                        Map.of("schema.registry.url", URL, "bootstrap.servers", "localhost:9092"));

        assertThat(config.urls()).hasSize(1);
    }

    @Test
    void missingUrlSaysWhatToSet() {
        assertThatThrownBy(() -> RegistryClientConfig.from(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Missing schema.registry.url: set it to the registry's base URL, for example"
                                + " http://localhost:8081 (several: comma-separated)");
    }

    @Test
    void badUrlsNameKeyValueAndWhatIsValid() {
        assertThatThrownBy(
                        () ->
                                RegistryClientConfig.from(
                                        Map.of("schema.registry.url", "localhost:8081")))
                .hasMessage(
                        "Invalid value 'localhost:8081' for schema.registry.url: expected an http:// or"
                                + " https:// URL with a host");
        assertThatThrownBy(
                        () ->
                                RegistryClientConfig.from(
                                        Map.of("schema.registry.url", "ftp://host")))
                .hasMessageContaining("Invalid value 'ftp://host' for schema.registry.url");
        assertThatThrownBy(
                        () ->
                                RegistryClientConfig.from(
                                        Map.of("schema.registry.url", "http://host/?a=b")))
                .hasMessage(
                        "Invalid value 'http://host/?a=b' for schema.registry.url: expected a base URL"
                                + " without query or fragment: remove what follows '?' or '#'");
        assertThatThrownBy(() -> RegistryClientConfig.from(Map.of("schema.registry.url", " , ")))
                .hasMessage("Invalid value ',' for schema.registry.url: expected at least one URL");
    }

    @Test
    void badUrlDoesNotShowItsUserInfo() {
        assertThatThrownBy(
                        () ->
                                RegistryClientConfig.from(
                                        Map.of("schema.registry.url", "ftp://user:secret@host")))
                .hasMessageNotContaining("secret")
                .hasMessage(
                        "Invalid value 'ftp://***@host' for schema.registry.url: expected an"
                                + " http:// or https:// URL with a host");
    }

    @Test
    void urlThatDoesNotParseDoesNotShowItsUserInfo() {
        // URISyntaxException's own message quotes the whole input.
        assertThatThrownBy(
                        () ->
                                RegistryClientConfig.from(
                                        Map.of(
                                                "schema.registry.url",
                                                "https://replay:s3cret pass@registry:8081")))
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("pass@")
                .hasMessage(
                        "Invalid value 'https://***@registry:8081' for schema.registry.url:"
                                + " expected a URL such as http://localhost:8081 (Illegal"
                                + " character in authority)");
    }

    @Test
    void passwordWithTheCharactersThatBreakAUrlStaysHidden() {
        // '@' and '#' unencoded make the host unreadable; ',' splits the value into two URLs.
        for (String url :
                List.of(
                        "https://replay:k9Z@qW7@registry:8081",
                        "https://replay:k9Z#qW7@registry:8081",
                        "https://replay:k9Z,qW7@registry:8081",
                        "https://replay:k9Z/qW7@registry:8081",
                        "https://replay:k9ZqW7@registry:8081/?tenant=a")) {
            assertThatThrownBy(() -> RegistryClientConfig.from(Map.of("schema.registry.url", url)))
                    .as(url)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("for schema.registry.url")
                    .hasMessageNotContaining("k9Z")
                    .hasMessageNotContaining("qW7");
        }
    }

    @Test
    void badNumbersNameKeyValueAndRange() {
        assertThatThrownBy(() -> config("kappa.registry.max-retries", "three"))
                .hasMessage(
                        "Invalid value 'three' for kappa.registry.max-retries: expected an integer >= 0");
        assertThatThrownBy(() -> config("kappa.registry.max-retries", -1))
                .hasMessage(
                        "Invalid value '-1' for kappa.registry.max-retries: expected an integer >= 0"
                                + " and <= 2147483647");
        assertThatThrownBy(() -> config("kappa.registry.request-timeout-ms", 0))
                .hasMessageStartingWith(
                        "Invalid value '0' for kappa.registry.request-timeout-ms: expected an integer >= 1");
        assertThatThrownBy(() -> config("kappa.registry.retry-backoff-ms", "1.5"))
                .hasMessageStartingWith("Invalid value '1.5' for kappa.registry.retry-backoff-ms");
        assertThatThrownBy(() -> config("kappa.registry.cache-capacity", 3_000_000_000L))
                .hasMessageStartingWith(
                        "Invalid value '3000000000' for kappa.registry.cache-capacity");
    }

    @Test
    void badEnumsListTheValidValues() {
        assertThatThrownBy(() -> config("basic.auth.credentials.source", "SASL_INHERIT"))
                .hasMessage(
                        "Invalid value 'SASL_INHERIT' for basic.auth.credentials.source: expected one of"
                                + " [URL, USER_INFO]");
        assertThatThrownBy(() -> config("bearer.auth.credentials.source", "OAUTHBEARER"))
                .hasMessageStartingWith(
                        "Invalid value 'OAUTHBEARER' for bearer.auth.credentials.source: expected"
                                + " STATIC_TOKEN");
    }

    @Test
    void userInfoSourceNeedsWellFormedUserInfoAndNeverShowsIt() {
        assertThatThrownBy(() -> config("basic.auth.credentials.source", "USER_INFO"))
                .hasMessage(
                        "basic.auth.credentials.source=USER_INFO needs basic.auth.user.info as"
                                + " user:password");
        assertThatThrownBy(
                        () ->
                                RegistryClientConfig.from(
                                        Map.of(
                                                "schema.registry.url", URL,
                                                "basic.auth.credentials.source", "USER_INFO",
                                                "basic.auth.user.info", "no-colon-secret")))
                .hasMessage(
                        "Invalid value (hidden) for basic.auth.user.info: expected user:password with a"
                                + " non-empty user");
    }

    @Test
    void userInfoWithoutItsSourceIsAMistakeNotSilence() {
        assertThatThrownBy(() -> config("basic.auth.user.info", "replay:secret"))
                .hasMessageContaining("set basic.auth.credentials.source=USER_INFO")
                .hasMessageNotContaining("secret");
    }

    @Test
    void basicAndBearerTogetherAreRefused() {
        assertThatThrownBy(
                        () ->
                                RegistryClientConfig.from(
                                        Map.of(
                                                "schema.registry.url", URL,
                                                "basic.auth.credentials.source", "USER_INFO",
                                                "basic.auth.user.info", "replay:secret",
                                                "bearer.auth.token", "t0ken")))
                .hasMessageContaining("Both basic auth and bearer.auth.token are configured");
    }

    @Test
    void missingStoreFileIsNamed() {
        String missing = directory.resolve("nope.p12").toString();

        assertThatThrownBy(() -> config("schema.registry.ssl.truststore.location", missing))
                .hasMessage(
                        "Invalid value '"
                                + missing
                                + "' for schema.registry.ssl.truststore.location: expected a readable"
                                + " key store file");
    }

    @Test
    void storeSettingsWithoutTheirLocationAreAMistakeNotSilence() {
        assertThatThrownBy(() -> config("schema.registry.ssl.truststore.password", "s3cret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "schema.registry.ssl.truststore.password is set but"
                                + " schema.registry.ssl.truststore.location is not: set"
                                + " schema.registry.ssl.truststore.location to the key store file,"
                                + " or remove schema.registry.ssl.truststore.password");
        assertThatThrownBy(() -> config("schema.registry.ssl.keystore.type", "JKS"))
                .hasMessageStartingWith(
                        "schema.registry.ssl.keystore.type is set but"
                                + " schema.registry.ssl.keystore.location is not");
        assertThatThrownBy(() -> config("schema.registry.ssl.key.password", "s3cret"))
                .hasMessageStartingWith(
                        "schema.registry.ssl.key.password is set but"
                                + " schema.registry.ssl.keystore.location is not")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void badStoreTypeListsTheValidTypes() throws IOException {
        Path store = Files.createFile(directory.resolve("trust.p12"));

        assertThatThrownBy(
                        () ->
                                RegistryClientConfig.from(
                                        Map.of(
                                                "schema.registry.url",
                                                URL,
                                                "schema.registry.ssl.truststore.location",
                                                store.toString(),
                                                "schema.registry.ssl.truststore.type",
                                                "PEM")))
                .hasMessage(
                        "Invalid value 'PEM' for schema.registry.ssl.truststore.type: expected one of"
                                + " [PKCS12, JKS]");
    }

    @Test
    void toStringHidesSecrets() throws IOException {
        Path store = Files.createFile(directory.resolve("trust.p12"));
        RegistryClientConfig basic =
                RegistryClientConfig.from(
                        Map.of(
                                "schema.registry.url", "http://user:url-secret@a:8081",
                                "schema.registry.ssl.truststore.location", store.toString(),
                                "schema.registry.ssl.truststore.password", "store-secret",
                                "schema.registry.ssl.keystore.location", store.toString(),
                                "schema.registry.ssl.key.password", "key-secret"));
        RegistryClientConfig bearer =
                RegistryClientConfig.from(
                        Map.of("schema.registry.url", URL, "bearer.auth.token", "token-secret"));

        assertThat(basic.toString())
                .doesNotContain("url-secret", "store-secret", "key-secret")
                .contains("http://a:8081 (with user info)", "type=PKCS12");
        assertThat(bearer.toString())
                .doesNotContain("token-secret")
                .contains("bearerAuthToken=(hidden)");
    }

    private static RegistryClientConfig config(String key, Object value) {
        return RegistryClientConfig.from(Map.of("schema.registry.url", URL, key, value));
    }
}
