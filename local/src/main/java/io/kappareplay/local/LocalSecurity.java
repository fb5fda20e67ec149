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
 * Credentials and TLS material of the secure variant, made fresh for each stack: a self-signed
 * certificate for {@code localhost}/{@code 127.0.0.1} (made with the JDK's keytool, so the launcher
 * needs no crypto library), a truststore holding it, and random SCRAM and basic-auth passwords.
 */
public final class LocalSecurity {
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    static final String BROKER_USER = "kappa-broker";
    static final String CLIENT_USER = "kappa";
    private static final String STORE_TYPE = "PKCS12";

    private final Path keystore;
    private final Path truststore;
    private final String storePassword;
    private final String brokerPassword;
    private final String clientPassword;
    private final String registryPassword;

    private LocalSecurity(
            Path keystore,
            Path truststore,
            String storePassword,
            String brokerPassword,
            String clientPassword,
            String registryPassword) {
        this.keystore = keystore;
        this.truststore = truststore;
        this.storePassword = storePassword;
        this.brokerPassword = brokerPassword;
        this.clientPassword = clientPassword;
        this.registryPassword = registryPassword;
    }

    /** Generates certificate, stores and passwords under {@code directory}. */
    static LocalSecurity generate(Path directory) {
        String storePassword = randomSecret();
        Path keystore = directory.resolve("server.p12");
        Path certificate = directory.resolve("server.crt");
        Path truststore = directory.resolve("truststore.p12");
        try {
            Files.createDirectories(directory);
            for (Path file : List.of(keystore, certificate, truststore)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new LocalStackException("Cannot prepare " + directory + " for TLS material", e);
        }
        keytool(
                "-genkeypair",
                "-alias",
                "kappa-local",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "30",
                "-dname",
                "CN=localhost, O=Kappa Replay local stack",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore",
                keystore.toString(),
                "-storetype",
                STORE_TYPE,
                "-storepass",
                storePassword,
                "-keypass",
                storePassword);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "kappa-local",
                "-keystore",
                keystore.toString(),
                "-storetype",
                STORE_TYPE,
                "-storepass",
                storePassword,
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
                truststore.toString(),
                "-storetype",
                STORE_TYPE,
                "-storepass",
                storePassword);
        return new LocalSecurity(
                keystore,
                truststore,
                storePassword,
                randomSecret(),
                randomSecret(),
                randomSecret());
    }

    public Path keystore() {
        return keystore;
    }

    public Path truststore() {
        return truststore;
    }

    public String storePassword() {
        return storePassword;
    }

    public String storeType() {
        return STORE_TYPE;
    }

    String brokerPassword() {
        return brokerPassword;
    }

    public String clientUser() {
        return CLIENT_USER;
    }

    public String clientPassword() {
        return clientPassword;
    }

    /** The password of {@link #clientUser()} at the registry's basic auth. */
    public String registryPassword() {
        return registryPassword;
    }

    /** What a Kafka client needs to reach the SASL_SSL listener as {@code user}. */
    Map<String, String> kafkaClientProperties(String user, String password) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("security.protocol", "SASL_SSL");
        properties.put("sasl.mechanism", SCRAM_MECHANISM);
        properties.put("sasl.jaas.config", scramJaasConfig(user, password));
        properties.put("ssl.truststore.location", truststore.toString());
        properties.put("ssl.truststore.password", storePassword);
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
