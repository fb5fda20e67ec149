package io.kappareplay.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Credentials and TLS material of the secure variant: a self-signed certificate for {@code
 * localhost}/{@code 127.0.0.1} (made with the JDK's keytool, so the launcher needs no crypto
 * library), a truststore holding it, and random SCRAM and basic-auth passwords.
 *
 * <p>They are kept in their directory ({@value #CREDENTIALS}, readable by the owner only) and
 * reused: a broker stores its SCRAM users when its storage is formatted, so a restarted stack must
 * present the same passwords. Clients get the truststore password only; the keystore (the private
 * key) has its own.
 */
public final class LocalSecurity {
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    static final String BROKER_USER = "kappa-broker";
    static final String CLIENT_USER = "kappa";
    static final String CREDENTIALS = "credentials.properties";
    private static final String STORE_TYPE = "PKCS12";

    private final Path directory;
    private final Map<String, String> secrets;

    private LocalSecurity(Path directory, Map<String, String> secrets) {
        this.directory = directory;
        this.secrets = Map.copyOf(secrets);
    }

    /**
     * The material kept in {@code directory}, or new material made there if it holds none. Kept
     * passwords are never replaced (the broker's SCRAM users were formatted with them); a missing
     * keystore or truststore is made again with them.
     */
    static LocalSecurity loadOrGenerate(Path directory) {
        Path credentials = directory.resolve(CREDENTIALS);
        Map<String, String> secrets = new LinkedHashMap<>();
        if (Files.exists(credentials)) {
            secrets.putAll(PropertiesFile.read(credentials));
        }
        for (String name : List.of("keystore", "truststore", "broker", "client", "registry")) {
            secrets.putIfAbsent(name + ".password", randomSecret());
        }
        LocalSecurity security = new LocalSecurity(directory, secrets);
        if (!Files.exists(credentials)
                || !Files.exists(security.keystore())
                || !Files.exists(security.truststore())) {
            security.writeMaterial();
        }
        return security;
    }

    /**
     * Whether {@code directory} already holds material that {@link #loadOrGenerate} would reuse.
     */
    static boolean existsIn(Path directory) {
        return Files.exists(directory.resolve(CREDENTIALS));
    }

    private void writeMaterial() {
        Path certificate = directory.resolve("server.crt");
        Path keystorePassword = keystorePasswordFile();
        Path truststorePassword = directory.resolve("truststore.password");
        try {
            Files.createDirectories(directory);
            PropertiesFile.ownerOnly(directory);
            for (Path file : List.of(keystore(), certificate, truststore())) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new LocalStackException("Cannot prepare " + directory + " for TLS material", e);
        }
        // Passwords go to keytool in files: on its command line they would show in `ps`.
        PropertiesFile.writeSecret(keystorePassword, keystorePassword());
        PropertiesFile.writeSecret(truststorePassword, truststorePassword());
        keytool(
                "-genkeypair",
                "-alias",
                "kappa-local",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "365",
                "-dname",
                "CN=localhost, O=Kappa Replay local stack",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore",
                keystore().toString(),
                "-storetype",
                STORE_TYPE,
                "-storepass:file",
                keystorePassword.toString(),
                "-keypass:file",
                keystorePassword.toString());
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "kappa-local",
                "-keystore",
                keystore().toString(),
                "-storetype",
                STORE_TYPE,
                "-storepass:file",
                keystorePassword.toString(),
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "kappa-local-ca",
                "-file",
                certificate.toString(),
                "-keystore",
                truststore().toString(),
                "-storetype",
                STORE_TYPE,
                "-storepass:file",
                truststorePassword.toString());
        // Written last: its presence says the material above is complete.
        PropertiesFile.write(directory.resolve(CREDENTIALS), secrets);
    }

    public Path keystore() {
        return directory.resolve("server.p12");
    }

    /** A file holding the keystore password, for children that take the password by file. */
    Path keystorePasswordFile() {
        return directory.resolve("keystore.password");
    }

    String keystorePassword() {
        return secrets.get("keystore.password");
    }

    public Path truststore() {
        return directory.resolve("truststore.p12");
    }

    public String truststorePassword() {
        return secrets.get("truststore.password");
    }

    public String storeType() {
        return STORE_TYPE;
    }

    String brokerPassword() {
        return secrets.get("broker.password");
    }

    public String clientUser() {
        return CLIENT_USER;
    }

    public String clientPassword() {
        return secrets.get("client.password");
    }

    /** The password of {@link #clientUser()} at the registry's basic auth. */
    public String registryPassword() {
        return secrets.get("registry.password");
    }

    /** What a Kafka client needs to reach the SASL_SSL listener as {@code user}. */
    Map<String, String> kafkaClientProperties(String user, String password) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("security.protocol", "SASL_SSL");
        properties.put("sasl.mechanism", SCRAM_MECHANISM);
        properties.put("sasl.jaas.config", scramJaasConfig(user, password));
        properties.put("ssl.truststore.location", truststore().toString());
        properties.put("ssl.truststore.password", truststorePassword());
        properties.put("ssl.truststore.type", STORE_TYPE);
        return properties;
    }

    static String scramJaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user
                + "\" password=\""
                + password
                + "\";";
    }

    private static String randomSecret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new LocalStackException(
                        "keytool " + arguments[0] + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new LocalStackException("Cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while running keytool", e);
        }
    }
}
