package io.kappareplay.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kappareplay.schemas.registry.StubRegistryServer.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against an https stub whose certificates the JDK's keytool made for this run. */
class HttpSchemaRegistryClientTlsTest {
    private static final String PASSWORD = "changeit";

    @TempDir static Path directory;

    private static Path serverKeystore;
    private static Path serverTruststore;
    private static Path clientKeystore;
    private static Path truststore;
    private static Path jksTruststore;

    @BeforeAll
    static void createKeyStores() throws Exception {
        serverKeystore = directory.resolve("server.p12");
        keyPair(serverKeystore, "registry", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
        truststore = trusting(serverKeystore, "registry", directory.resolve("trust.p12"), "PKCS12");
        jksTruststore = trusting(serverKeystore, "registry", directory.resolve("trust.jks"), "JKS");

        clientKeystore = directory.resolve("client.p12");
        keyPair(clientKeystore, "client", "CN=kappa-replay-client", null);
        serverTruststore =
                trusting(clientKeystore, "client", directory.resolve("server-trust.p12"), "PKCS12");
    }

    @Test
    void trustsTheRegistryThroughThePkcs12Truststore() throws Exception {
        try (StubRegistryServer server = https(false)) {
            assertThat(client(server.url(), truststore, "PKCS12", null).subjects(false))
                    .containsExactly("a-value");
        }
    }

    @Test
    void trustsTheRegistryThroughAJksTruststore() throws Exception {
        try (StubRegistryServer server = https(false)) {
            assertThat(client(server.url(), jksTruststore, "JKS", null).subjects(false))
                    .containsExactly("a-value");
        }
    }

    @Test
    void untrustedCertificateFailsAtOnceWithoutRetries() throws Exception {
        try (StubRegistryServer server = https(false)) {
            Map<String, Object> settings = new HashMap<>();
            settings.put(RegistryClientConfig.URL, server.url());
            settings.put(RegistryClientConfig.RETRY_BACKOFF_MS, 60_000);

            RegistryException e =
                    catchThrowableOfType(
                            RegistryException.class,
                            () ->
                                    new HttpSchemaRegistryClient(
                                                    RegistryClientConfig.from(settings))
                                            .subjects(false));

            assertThat(e.isRetriable()).isFalse();
            assertThat(e)
                    .hasMessageContaining("TLS with " + server.url())
                    .hasMessageContaining("schema.registry.ssl.*");
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void presentsTheClientCertificateForMutualTls() throws Exception {
        try (StubRegistryServer server = https(true)) {
            assertThat(client(server.url(), truststore, "PKCS12", clientKeystore).subjects(false))
                    .containsExactly("a-value");
        }
    }

    @Test
    void readsAKeyWithAPasswordOfItsOwn() throws Exception {
        // JKS lets the key have another password than the store; Confluent's key is
        // schema.registry.ssl.key.password.
        Path jksKeystore = directory.resolve("client-own-key-password.jks");
        keytool(
                List.of(
                        "-importkeystore",
                        "-srckeystore",
                        clientKeystore.toString(),
                        "-srcstoretype",
                        "PKCS12",
                        "-srcstorepass",
                        PASSWORD,
                        "-srcalias",
                        "client",
                        "-destkeystore",
                        jksKeystore.toString(),
                        "-deststoretype",
                        "JKS",
                        "-deststorepass",
                        PASSWORD,
                        "-destkeypass",
                        "key-only-pass"));
        Map<String, Object> settings = new HashMap<>();
        settings.put(RegistryClientConfig.MAX_RETRIES, 0);
        settings.put(RegistryClientConfig.TRUSTSTORE_LOCATION, truststore.toString());
        settings.put(RegistryClientConfig.TRUSTSTORE_PASSWORD, PASSWORD);
        settings.put(RegistryClientConfig.KEYSTORE_LOCATION, jksKeystore.toString());
        settings.put(RegistryClientConfig.KEYSTORE_PASSWORD, PASSWORD);
        settings.put(RegistryClientConfig.KEYSTORE_TYPE, "JKS");

        try (StubRegistryServer server = https(true)) {
            settings.put(RegistryClientConfig.URL, server.url());
            // Without the key's password the store's is tried, and the message says what to set.
            assertThatThrownBy(
                            () -> new HttpSchemaRegistryClient(RegistryClientConfig.from(settings)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "Cannot read the key in schema.registry.ssl.keystore.location="
                                    + jksKeystore
                                    + " with schema.registry.ssl.keystore.password (set"
                                    + " schema.registry.ssl.key.password if the key has a password"
                                    + " of its own)");

            settings.put(RegistryClientConfig.KEY_PASSWORD, "key-only-pass");
            assertThat(
                            new HttpSchemaRegistryClient(RegistryClientConfig.from(settings))
                                    .subjects(false))
                    .containsExactly("a-value");
        }
    }

    @Test
    void registryAskingForACertificateRefusesAClientWithout() throws Exception {
        try (StubRegistryServer server = https(true)) {
            assertThatThrownBy(
                            () -> client(server.url(), truststore, "PKCS12", null).subjects(false))
                    .isInstanceOf(RegistryException.class);
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void wrongTruststorePasswordNamesTheStore() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(RegistryClientConfig.URL, "https://127.0.0.1:1");
        settings.put(RegistryClientConfig.TRUSTSTORE_LOCATION, truststore.toString());
        settings.put(RegistryClientConfig.TRUSTSTORE_PASSWORD, "wrong");
        RegistryClientConfig config = RegistryClientConfig.from(settings);

        assertThatThrownBy(() -> new HttpSchemaRegistryClient(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "Cannot read schema.registry.ssl.truststore.location="
                                + truststore
                                + " as PKCS12 (check its password and type)");
    }

    private static StubRegistryServer https(boolean needClientAuth) throws Exception {
        KeyManagerFactory keys =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(serverKeystore), PASSWORD.toCharArray());
        TrustManagerFactory trust =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(serverTruststore));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return StubRegistryServer.startHttps(
                tls, needClientAuth, request -> Response.ok("[\"a-value\"]"));
    }

    private static HttpSchemaRegistryClient client(
            String url, Path truststore, String type, Path keystore) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(RegistryClientConfig.URL, url);
        settings.put(RegistryClientConfig.MAX_RETRIES, 0);
        settings.put(RegistryClientConfig.TRUSTSTORE_LOCATION, truststore.toString());
        settings.put(RegistryClientConfig.TRUSTSTORE_PASSWORD, PASSWORD);
        settings.put(RegistryClientConfig.TRUSTSTORE_TYPE, type);
        if (keystore != null) {
            settings.put(RegistryClientConfig.KEYSTORE_LOCATION, keystore.toString());
            settings.put(RegistryClientConfig.KEYSTORE_PASSWORD, PASSWORD);
        }
        return new HttpSchemaRegistryClient(RegistryClientConfig.from(settings));
    }

    private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keyPair(Path keystore, String alias, String name, String extension)
            throws Exception {
        List<String> arguments =
                new ArrayList<>(
                        List.of(
                                "-genkeypair",
                                "-alias",
                                alias,
                                "-keyalg",
                                "EC",
                                "-groupname",
                                "secp256r1",
                                "-dname",
                                name,
                                "-validity",
                                "2",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                keystore.toString(),
                                "-storepass",
                                PASSWORD,
                                "-keypass",
                                PASSWORD));
        if (extension != null) {
            arguments.addAll(List.of("-ext", extension));
        }
        keytool(arguments);
    }

    /**
     * A new trust store of {@code type} holding the certificate of {@code alias} in {@code
     * keystore}.
     */
    private static Path trusting(Path keystore, String alias, Path truststore, String type)
            throws Exception {
        Path certificate = directory.resolve(alias + ".crt");
        keytool(
                List.of(
                        "-exportcert",
                        "-rfc",
                        "-alias",
                        alias,
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        PASSWORD,
                        "-file",
                        certificate.toString()));
        keytool(
                List.of(
                        "-importcert",
                        "-noprompt",
                        "-alias",
                        alias,
                        "-file",
                        certificate.toString(),
                        "-storetype",
                        type,
                        "-keystore",
                        truststore.toString(),
                        "-storepass",
                        PASSWORD));
        return truststore;
    }

    private static void keytool(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool " + arguments + " failed: " + output);
        }
    }
}
