package io.kappareplay.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's main class refuses what it cannot serve, with one line and an exit code. */
class RegistryServerMainIT {
    private static final String MAIN = "io.kappareplay.local.registry.RegistryServerMain";
    private static final List<String> JVM = List.of("-Xmx128m");

    @Test
    void badArgumentsExitWith2AndOneLineNamingTheFlag(@TempDir Path work) {
        List<String> arguments =
                List.of(
                        "--bootstrap-servers", TestingKafka.shared().bootstrapServers(),
                        "--ready-file", work.resolve("never.ready").toString(),
                        "--port", "eighty");

        assertThatThrownBy(
                        () ->
                                ChildJvm.run(
                                        "bad-args",
                                        MAIN,
                                        JVM,
                                        arguments,
                                        work,
                                        Duration.ofSeconds(60)))
                .hasMessageContaining("exited with code 2")
                .hasMessageContaining(
                        "registry: --port 'eighty' is not a port: pass 0 to 65535 (0 = any free port)");
    }

    @Test
    void topicThatIsNotCompactedIsRefused(@TempDir Path work) throws Exception {
        TestingKafka kafka = TestingKafka.shared();
        try (Admin admin = Admin.create(new HashMap<>(kafka.clientProperties()))) {
            admin.createTopics(
                            List.of(
                                    new NewTopic("_schemas_deleted", 1, (short) 1)
                                            .configs(Map.of("cleanup.policy", "delete"))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        List<String> arguments =
                List.of(
                        "--bootstrap-servers", kafka.bootstrapServers(),
                        "--topic", "_schemas_deleted",
                        "--ready-file", work.resolve("never.ready").toString());

        assertThatThrownBy(
                        () ->
                                ChildJvm.run(
                                        "not-compacted",
                                        MAIN,
                                        JVM,
                                        arguments,
                                        work,
                                        Duration.ofSeconds(90)))
                .hasMessageContaining("exited with code 1")
                .hasMessageContaining(
                        "registry: cannot start: The schemas topic _schemas_deleted has cleanup.policy=delete;"
                                + " it needs cleanup.policy=compact");
    }
}
