package io.kappareplay.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpHandlerConfigTest {

    @Test
    void defaultsWithOnlyTheUrl() {
        HttpHandlerConfig config =
                HttpHandlerConfig.from(Map.of("http.url", "http://127.0.0.1:8000/handle"));

        assertThat(config.url()).isEqualTo(URI.create("http://127.0.0.1:8000/handle"));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.headers()).isEmpty();
    }

    @Test
    void everyKeyMapsToItsField() {
        HttpHandlerConfig config =
                HttpHandlerConfig.from(
                        Map.of(
                                "http.url", "https://pricing.example.com/v1/price",
                                "http.timeout", "250ms",
                                "http.header.Authorization", "Bearer abc",
                                "http.header.X-Api-Key", "k1",
                                "pricing.model", "v7"));

        assertThat(config)
                .isEqualTo(
                        new HttpHandlerConfig(
                                URI.create("https://pricing.example.com/v1/price"),
                                Duration.ofMillis(250),
                                Map.of("Authorization", "Bearer abc", "X-Api-Key", "k1")));
        assertThat(
                        HttpHandlerConfig.from(
                                        Map.of("http.url", "http://h/", "http.timeout", "2m"))
                                .timeout())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aMissingUrlNamesTheKeyAndAnExample() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HttpHandlerConfig.from(Map.of()))
                .withMessage(
                        "service.properties.http.url is missing: set it to the service's endpoint,"
                                + " e.g. http://127.0.0.1:8000/handle");
    }

    @Test
    void aUrlThatIsNotHttpIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HttpHandlerConfig.from(Map.of("http.url", "ftp://host/x")))
                .withMessageStartingWith(
                        "service.properties.http.url 'ftp://host/x' is not an absolute http:// or https:// URL");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HttpHandlerConfig.from(Map.of("http.url", "/handle")))
                .withMessageContaining("http.url '/handle' is not an absolute");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HttpHandlerConfig.from(Map.of("http.url", "http://a b/")))
                .withMessageContaining("http.url 'http://a b/' is not a URL");
    }

    @Test
    void aBadTimeoutNamesTheKeyTheValueAndTheValidForm() {
        for (String bad : new String[] {"30", "30 s", "0s", "2h", "1.5s", "61m"}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(
                            () ->
                                    HttpHandlerConfig.from(
                                            Map.of("http.url", "http://h/", "http.timeout", bad)))
                    .withMessage(
                            "service.properties.http.timeout '"
                                    + bad
                                    + "' is not a valid timeout: use whole digits and a unit ms,"
                                    + " s or m, from 1ms to 60m, e.g. 30s");
        }
    }

    @Test
    void badHeadersAndUnknownHttpKeysAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                HttpHandlerConfig.from(
                                        Map.of("http.url", "http://h/", "http.header.A B", "x")))
                .withMessageContaining("'A B' is not an HTTP header name");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                HttpHandlerConfig.from(
                                        Map.of(
                                                "http.url",
                                                "http://h/",
                                                "http.header.Content-Type",
                                                "x")))
                .withMessageContaining("the handler sets Content-Type itself");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                HttpHandlerConfig.from(
                                        Map.of("http.url", "http://h/", "http.timout", "1s")))
                .withMessage(
                        "service.properties.http.timout is not a setting of the HTTP handler; use"
                                + " http.url, http.timeout or http.header.<Name>");
    }
}
