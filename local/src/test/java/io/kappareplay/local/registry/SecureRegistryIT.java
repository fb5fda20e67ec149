package io.kappareplay.local.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.local.registry.RegistryHttp.Response;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** The secure stack: registry over HTTPS with basic auth, storing in a SASL_SSL broker. */
class SecureRegistryIT {

    @Test
    void refusesClientsWithoutCredentialsAndServesThoseWithThem() throws Exception {
        TestingRegistry registry = TestingRegistry.sharedSecure();
        Map<String, String> properties = registry.clientProperties();
        assertThat(registry.url()).startsWith("https://127.0.0.1:");
        HttpClient tls =
                HttpClient.newBuilder()
                        .sslContext(trusting(properties))
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();

        Response anonymous = new RegistryHttp(tls, registry.url(), null).get("/subjects");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errorCode()).isEqualTo(40101);

        String wrong =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString("kappa:wrong".getBytes(StandardCharsets.UTF_8));
        assertThat(new RegistryHttp(tls, registry.url(), wrong).get("/subjects").status())
                .isEqualTo(401);

        String right =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        properties
                                                .get("basic.auth.user.info")
                                                .getBytes(StandardCharsets.UTF_8));
        RegistryHttp authorized = new RegistryHttp(tls, registry.url(), right);
        Response registered =
                authorized.register("secure-orders-value", RegistryConformanceIT.ORDER_V1);
        assertThat(registered.status()).isEqualTo(200);
        assertThat(authorized.get("/subjects").body().toString()).contains("secure-orders-value");
        assertThat(TestingKafka.sharedSecure().isSecure()).isTrue();
    }

    private static SSLContext trusting(Map<String, String> properties) throws Exception {
        KeyStore truststore =
                KeyStore.getInstance(properties.get("schema.registry.ssl.truststore.type"));
        char[] password = properties.get("schema.registry.ssl.truststore.password").toCharArray();
        try (InputStream in =
                Files.newInputStream(
                        Path.of(properties.get("schema.registry.ssl.truststore.location")))) {
            truststore.load(in, password);
        }
        TrustManagerFactory trust =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(truststore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
