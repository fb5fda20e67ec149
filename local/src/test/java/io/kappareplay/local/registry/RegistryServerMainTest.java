package io.kappareplay.local.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.local.registry.RecordLog.RecordLogException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

class RegistryServerMainTest {

    @Test
    void aFailedStartNamesTheRootCauseTheMessageLacks() {
        RecordLogException failure =
                new RecordLogException(
                        "Cannot read the schemas topic _schemas",
                        new KafkaException(
                                "Failed to construct kafka consumer",
                                new SaslAuthenticationException(
                                        "Authentication failed: invalid credentials")));

        assertThat(RegistryServerMain.failureLine(failure))
                .isEqualTo(
                        "registry: cannot start: Cannot read the schemas topic _schemas (cause:"
                                + " org.apache.kafka.common.errors.SaslAuthenticationException:"
                                + " Authentication failed: invalid credentials)");
    }

    @Test
    void aRootCauseTheMessageAlreadyTellsIsNotRepeated() {
        SaslAuthenticationException root = new SaslAuthenticationException("bad password");

        assertThat(
                        RegistryServerMain.failureLine(
                                new RecordLogException(
                                        "Cannot create the schemas topic _schemas: " + root, root)))
                .isEqualTo(
                        "registry: cannot start: Cannot create the schemas topic _schemas:"
                                + " org.apache.kafka.common.errors.SaslAuthenticationException:"
                                + " bad password");
        assertThat(
                        RegistryServerMain.failureLine(
                                new RecordLogException("Cannot connect: bad password", root)))
                .as("the message tells the root's message, not its class")
                .isEqualTo(
                        "registry: cannot start: Cannot connect: bad password (cause:"
                                + " org.apache.kafka.common.errors.SaslAuthenticationException)");
    }

    @Test
    void aFailureWithoutACauseIsItsMessageOnOneLine() {
        assertThat(
                        RegistryServerMain.failureLine(
                                new RecordLogException(
                                        "Cannot read the record: Unexpected character\n"
                                                + " at [Source: REDACTED; line: 1, column: 2]",
                                        null)))
                .isEqualTo(
                        "registry: cannot start: Cannot read the record: Unexpected character at"
                                + " [Source: REDACTED; line: 1, column: 2]");
        assertThat(RegistryServerMain.failureLine(new IllegalStateException()))
                .isEqualTo("registry: cannot start: java.lang.IllegalStateException");
    }
}
