package io.kappareplay.local.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.local.TestingKafka;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RegistryServerMain} in a JVM of its own, on this test's classpath: exit codes and the one
 * line it writes to stderr.
 */
class RegistryServerMainProcessIT {
    @TempDir Path work;

    record Exit(int code, List<String> registryLines) {}

    private Exit run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RegistryServerMain.class.getName());
        command.addAll(List.of(args));
        Path stderr = work.resolve("stderr.txt");
        Process process =
                new ProcessBuilder(command)
                        .directory(work.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(stderr.toFile())
                        .start();
        // Standard input stays open meanwhile: the child's parent watchdog reads it.
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("exited in time").isTrue();
        } finally {
            process.destroyForcibly();
            process.getOutputStream().close();
        }
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(stderr, StandardCharsets.UTF_8)) {
            if (line.startsWith("registry: ")) {
                lines.add(line);
            }
        }
        return new Exit(process.exitValue(), lines);
    }

    @Test
    void bothKeystorePasswordFlagsExitWith2AndOneLineNamingBoth() throws Exception {
        Path keystore = Files.writeString(work.resolve("keystore.p12"), "");
        Path password = Files.writeString(work.resolve("keystore.password"), "pw\n");

        Exit exit =
                run(
                        "--bootstrap-servers", "127.0.0.1:9",
                        "--ready-file", work.resolve("never.ready").toString(),
                        "--tls-keystore", keystore.toString(),
                        "--tls-keystore-password", "pw",
                        "--tls-keystore-password-file", password.toString());

        assertThat(exit.code()).isEqualTo(RegistryServerMain.EXIT_USAGE);
        assertThat(exit.registryLines())
                .singleElement()
                .asString()
                .startsWith(
                        "registry: --tls-keystore-password and --tls-keystore-password-file are"
                                + " both given");
    }

    @Test
    void anUnreadableRecordExitsWith1AndOneLineNamingTopicPartitionOffsetAndTheError()
            throws Exception {
        String topic = UnreadableRecordIT.topicWithAnUnreadableRecord();

        Exit exit =
                run(
                        "--bootstrap-servers", TestingKafka.shared().bootstrapServers(),
                        "--topic", topic,
                        "--ready-file", work.resolve("never.ready").toString());

        assertThat(exit.code()).isEqualTo(RegistryServerMain.EXIT_FAILED);
        assertThat(exit.registryLines())
                .first()
                .asString()
                .startsWith(
                        "registry: cannot start: Cannot read the record at offset 1 of topic "
                                + topic
                                + " partition 0: no text field \"schema\"")
                .contains("--skip-unreadable-records");
        assertThat(Files.exists(work.resolve("never.ready"))).isFalse();
    }

    @Test
    void wrongKafkaCredentialsExitWith1NamingTheAuthenticationError() throws Exception {
        TestingKafka kafka = TestingKafka.sharedSecure();
        Properties client = new Properties();
        client.putAll(kafka.clientProperties());
        String password = kafka.security().orElseThrow().clientPassword();
        client.put(
                "sasl.jaas.config",
                client.getProperty("sasl.jaas.config").replace(password, "wrong-" + password));
        Path kafkaConfig = work.resolve("kafka.properties");
        try (Writer writer = Files.newBufferedWriter(kafkaConfig, StandardCharsets.UTF_8)) {
            client.store(writer, null);
        }

        Exit exit =
                run(
                        "--bootstrap-servers", kafka.bootstrapServers(),
                        "--kafka-config", kafkaConfig.toString(),
                        "--ready-file", work.resolve("never.ready").toString());

        assertThat(exit.code()).isEqualTo(RegistryServerMain.EXIT_FAILED);
        assertThat(exit.registryLines())
                .first()
                .asString()
                .startsWith("registry: cannot start: ")
                .contains("org.apache.kafka.common.errors.SaslAuthenticationException")
                .doesNotContain(" within ");
    }
}
