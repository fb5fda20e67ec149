package io.kappareplay.local.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryServerConfigTest {
    @TempDir Path directory;

    private Path file(String name, String content) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void defaults() {
        RegistryServerConfig config =
                RegistryServerConfig.parse(
                        "--bootstrap-servers", "127.0.0.1:9092", "--ready-file", "ready");

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isZero();
        assertThat(config.topic()).isEqualTo("_schemas");
        assertThat(config.skipUnreadableRecords()).isFalse();
        assertThat(config.kafkaConfig()).isEmpty();
        assertThat(config.basicAuthFile()).isEmpty();
        assertThat(config.tlsKeystore()).isEmpty();
        assertThat(config.tlsKeystorePassword()).isEmpty();
    }

    @Test
    void everyFlagMapsToItsField() throws IOException {
        Path kafka = file("kafka.properties", "security.protocol=PLAINTEXT\n");
        Path users = file("users.properties", "alice=secret\n");
        Path keystore = file("keystore.p12", "");

        RegistryServerConfig config =
                RegistryServerConfig.parse(
                        "--host",
                        "0.0.0.0",
                        "--port",
                        "18081",
                        "--bootstrap-servers",
                        "a:9092,b:9093",
                        "--kafka-config",
                        kafka.toString(),
                        "--topic",
                        "_kappa_schemas",
                        "--skip-unreadable-records",
                        "--basic-auth-file",
                        users.toString(),
                        "--tls-keystore",
                        keystore.toString(),
                        "--tls-keystore-password",
                        "pw",
                        "--ready-file",
                        "dir/registry.ready");

        assertThat(config)
                .isEqualTo(
                        new RegistryServerConfig(
                                "0.0.0.0",
                                18081,
                                "a:9092,b:9093",
                                Optional.of(kafka),
                                "_kappa_schemas",
                                true,
                                Optional.of(users),
                                Optional.of(keystore),
                                Optional.of("pw"),
                                Path.of("dir/registry.ready")));
        assertThat(RegistryServerConfig.FLAGS).hasSize(11);
    }

    @Test
    void kafkaClientPropertiesComeFromTheFileButTheFlagWinsForServers() throws IOException {
        Path kafka =
                file(
                        "kafka.properties",
                        "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n"
                                + "bootstrap.servers=elsewhere:1\n");

        Properties properties =
                RegistryServerConfig.parse(
                                "--bootstrap-servers", "here:9092",
                                "--kafka-config", kafka.toString(),
                                "--ready-file", "r")
                        .kafkaClientProperties();

        assertThat(properties)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("bootstrap.servers", "here:9092");
    }

    private static void assertUsage(String expected, String... args) {
        assertThatThrownBy(() -> RegistryServerConfig.parse(args))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void requiredFlagsAreNamedWhenMissing() {
        assertUsage(
                "--bootstrap-servers is required: pass --bootstrap-servers HOST:PORT",
                "--ready-file",
                "r");
        assertUsage("--ready-file is required", "--bootstrap-servers", "127.0.0.1:9092");
    }

    @Test
    void badValuesAreNamedWithTheFix() {
        String[] base = {"--bootstrap-servers", "127.0.0.1:9092", "--ready-file", "r"};
        assertUsage("--port 'x' is not a port: pass 0 to 65535", concat(base, "--port", "x"));
        assertUsage("--port '70000'", concat(base, "--port", "70000"));
        assertUsage(
                "--bootstrap-servers 'nohost' is not a list of HOST:PORT",
                "--bootstrap-servers",
                "nohost",
                "--ready-file",
                "r");
        assertUsage(
                "--topic 'bad topic' is not a legal Kafka topic name",
                concat(base, "--topic", "bad topic"));
        assertUsage(
                "--kafka-config /no/such/file: no such readable file",
                concat(base, "--kafka-config", "/no/such/file"));
        assertUsage(
                "--basic-auth-file /no/such/file",
                concat(base, "--basic-auth-file", "/no/such/file"));
        assertUsage("--host is empty", concat(base, "--host", " "));
    }

    @Test
    void theKeystoreAndItsPasswordComeTogether() throws IOException {
        Path keystore = file("keystore.p12", "");
        String[] base = {"--bootstrap-servers", "127.0.0.1:9092", "--ready-file", "r"};
        assertUsage(
                "--tls-keystore needs --tls-keystore-password",
                concat(base, "--tls-keystore", keystore.toString()));
        assertUsage(
                "--tls-keystore-password is given without --tls-keystore",
                concat(base, "--tls-keystore-password", "pw"));
    }

    @Test
    void theKeystorePasswordCanComeFromTheFirstLineOfAFile() throws IOException {
        Path keystore = file("keystore.p12", "");
        Path password = file("keystore.password", "  s3cret \nsecond line\n");

        RegistryServerConfig config =
                RegistryServerConfig.parse(
                        "--bootstrap-servers",
                        "127.0.0.1:9092",
                        "--ready-file",
                        "r",
                        "--tls-keystore",
                        keystore.toString(),
                        "--tls-keystore-password-file",
                        password.toString());

        assertThat(config.tlsKeystorePassword()).contains("s3cret");
        assertThat(config.tlsKeystore()).contains(keystore);
    }

    @Test
    void bothPasswordFlagsAreAUsageErrorOfOneLineNamingBoth() throws IOException {
        Path keystore = file("keystore.p12", "");
        Path password = file("keystore.password", "s3cret\n");

        assertThatThrownBy(
                        () ->
                                RegistryServerConfig.parse(
                                        "--bootstrap-servers", "127.0.0.1:9092",
                                        "--ready-file", "r",
                                        "--tls-keystore", keystore.toString(),
                                        "--tls-keystore-password", "s3cret",
                                        "--tls-keystore-password-file", password.toString()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(
                        "--tls-keystore-password and --tls-keystore-password-file are both given")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aPasswordFileThatIsMissingOrEmptyIsAUsageError() throws IOException {
        Path keystore = file("keystore.p12", "");
        Path empty = file("empty.password", "");
        Path blankFirstLine = file("blank.password", " \npassword on line two\n");
        String[] base = {
            "--bootstrap-servers", "127.0.0.1:9092",
            "--ready-file", "r",
            "--tls-keystore", keystore.toString()
        };

        assertUsage(
                "--tls-keystore-password-file /no/such/file: no such readable file",
                concat(base, "--tls-keystore-password-file", "/no/such/file"));
        assertUsage(
                "--tls-keystore-password-file " + empty + ": the first line is empty",
                concat(base, "--tls-keystore-password-file", empty.toString()));
        assertUsage(
                "--tls-keystore-password-file " + blankFirstLine + ": the first line is empty",
                concat(base, "--tls-keystore-password-file", blankFirstLine.toString()));
        assertUsage(
                "--tls-keystore-password-file is given without --tls-keystore",
                "--bootstrap-servers",
                "127.0.0.1:9092",
                "--ready-file",
                "r",
                "--tls-keystore-password-file",
                empty.toString());
    }

    @Test
    void toStringNeverShowsTheKeystorePassword() throws IOException {
        Path keystore = file("keystore.p12", "");
        Path password = file("keystore.password", "file-secret\n");
        String[] base = {
            "--bootstrap-servers", "127.0.0.1:9092",
            "--ready-file", "r",
            "--tls-keystore", keystore.toString()
        };

        RegistryServerConfig fromFlag =
                RegistryServerConfig.parse(concat(base, "--tls-keystore-password", "flag-secret"));
        RegistryServerConfig fromFile =
                RegistryServerConfig.parse(
                        concat(base, "--tls-keystore-password-file", password.toString()));

        assertThat(fromFlag.toString())
                .doesNotContain("flag-secret")
                .contains("tlsKeystorePassword=(redacted)")
                .contains("tlsKeystore=Optional[" + keystore + "]")
                .contains("bootstrapServers=127.0.0.1:9092");
        assertThat(fromFile.toString())
                .doesNotContain("file-secret")
                .contains("tlsKeystorePassword=(redacted)");
        assertThat(
                        RegistryServerConfig.parse(
                                        "--bootstrap-servers", "h:1", "--ready-file", "r")
                                .toString())
                .contains("tlsKeystorePassword=(none)");
    }

    @Test
    void skipUnreadableRecordsTakesNoValueAndMayStandAnywhere() {
        for (String[] args :
                new String[][] {
                    {
                        "--skip-unreadable-records",
                        "--bootstrap-servers",
                        "h:1",
                        "--ready-file",
                        "r"
                    },
                    {
                        "--bootstrap-servers",
                        "h:1",
                        "--skip-unreadable-records",
                        "--ready-file",
                        "r"
                    },
                    {"--bootstrap-servers", "h:1", "--ready-file", "r", "--skip-unreadable-records"}
                }) {
            RegistryServerConfig config = RegistryServerConfig.parse(args);

            assertThat(config.skipUnreadableRecords()).as(String.join(" ", args)).isTrue();
            assertThat(config.readyFile()).isEqualTo(Path.of("r"));
        }
        assertUsage(
                "--skip-unreadable-records is given twice",
                "--skip-unreadable-records",
                "--skip-unreadable-records",
                "--bootstrap-servers",
                "h:1",
                "--ready-file",
                "r");
    }

    @Test
    void unknownRepeatedAndValuelessFlagsAreRejected() {
        assertUsage("unknown argument '--colour': the flags are --host, --port", "--colour", "x");
        assertUsage("unknown argument 'positional'", "positional");
        assertUsage("--port needs a value", "--port");
        assertUsage(
                "--topic is given twice",
                "--topic",
                "a",
                "--topic",
                "b",
                "--bootstrap-servers",
                "h:1",
                "--ready-file",
                "r");
    }

    @Test
    void anUnreadableKafkaConfigIsAUsageError() throws IOException {
        Path kafka = file("kafka.properties", "bad=\\u00zz\n");
        RegistryServerConfig config =
                RegistryServerConfig.parse(
                        "--bootstrap-servers", "h:1",
                        "--kafka-config", kafka.toString(),
                        "--ready-file", "r");

        assertThatThrownBy(config::kafkaClientProperties)
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--kafka-config " + kafka);
    }

    @Test
    void theUsageListsEveryFlag() {
        for (String flag : RegistryServerConfig.FLAGS.keySet()) {
            assertThat(RegistryServerConfig.usage()).contains(flag);
        }
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
