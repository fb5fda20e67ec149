package io.kappareplay.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secure stack started twice on one data directory, as `bin/local-stack --secure` is. */
class SecureLocalStackIT {

    @Test
    void restartOnTheSameDataDirectoryKeepsCredentialsAndTopics(@TempDir Path data)
            throws Exception {
        String firstPassword;
        try (LocalStack stack = LocalStack.start(data, 0, 0, true)) {
            firstPassword = stack.broker().security().orElseThrow().clientPassword();
            try (Admin admin = Admin.create(new HashMap<>(stack.broker().clientProperties()))) {
                admin.createTopics(List.of(new NewTopic("survives-restart", 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            assertThat(
                            PosixFilePermissions.toString(
                                    Files.getPosixFilePermissions(
                                            data.resolve(LocalStack.STATE_FILE))))
                    .isEqualTo("rw-------");
            assertThat(
                            PosixFilePermissions.toString(
                                    Files.getPosixFilePermissions(
                                            data.resolve("tls")
                                                    .resolve(LocalSecurity.CREDENTIALS))))
                    .isEqualTo("rw-------");
        }
        try (LocalStack stack = LocalStack.start(data, 0, 0, true)) {
            assertThat(stack.broker().security().orElseThrow().clientPassword())
                    .isEqualTo(firstPassword);
            try (Admin admin = Admin.create(new HashMap<>(stack.broker().clientProperties()))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .contains("survives-restart");
            }
            // The truststore password handed to clients does not open the private key's store.
            LocalSecurity security = stack.broker().security().orElseThrow();
            assertThat(security.truststorePassword()).isNotEqualTo(security.keystorePassword());
        }
    }

    @Test
    void secureStartOnADirectoryFormattedWithoutSecurityIsRefusedWithTheFix(@TempDir Path data) {
        try (LocalStack stack = LocalStack.start(data, 0, 0, false)) {
            assertThat(stack.registry().url()).startsWith("http://");
        }
        assertThatThrownBy(() -> LocalStack.start(data, 0, 0, true))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("started without --secure")
                .hasMessageContaining("use a new --data-dir");
    }
}
