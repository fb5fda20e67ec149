package io.kappareplay.consumer.main;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kappareplay.consumer.runtime.DeterministicHandler;
import io.kappareplay.consumer.testing.TestJobSpecs;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.service.api.ReplayContext;
import io.kappareplay.service.api.ReplayHandler;
import io.kappareplay.service.api.ReplayInput;
import io.kappareplay.service.api.ReplayOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConsumerMain}'s exit codes for problems found at start, before it contacts Kafka: run in
 * this JVM, with the handler on the test class path (no {@code --handler-jars}) and a registry that
 * is a stub or not there at all.
 */
class ConsumerMainTest {
    /** Never contacted: every run here stops before the runtime creates its Kafka clients. */
    private static final String NO_BROKER = "127.0.0.1:1";

    @TempDir Path tempDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aJobWithoutAnOutputSchemaExitsWithTwoNamingTheSubjectAndTheFix() throws Exception {
        String jobId = TestJobSpecs.newJobId("no-output");

        int code = run(jobId, NoOutputSchemaHandler.class, "http://" + closedAddress());

        assertThat(code).as(stderr()).isEqualTo(ConsumerMain.EXIT_BAD_CONFIGURATION);
        assertThat(stderr())
                .contains(
                        "Job "
                                + jobId
                                + " has no output schema to register under "
                                + egressSubject(jobId)
                                + ": set service.output (avsc or subject) in the job spec, or"
                                + " override ReplayHandler.outputSchema() in the handler");
        assertThat(out.toString(UTF_8)).isEmpty();
    }

    @Test
    void anOutputSchemaTheRegistryRefusesExitsWithTwo() throws Exception {
        String jobId = TestJobSpecs.newJobId("refused-output");
        HttpServer registry = HttpServer.create(new InetSocketAddress(loopback(), 0), 0);
        registry.createContext(
                "/",
                exchange -> {
                    byte[] body =
                            ("{\"error_code\":409,\"message\":\"Schema being registered is"
                                            + " incompatible with an earlier schema\"}")
                                    .getBytes(UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(409, body.length);
                    try (OutputStream response = exchange.getResponseBody()) {
                        response.write(body);
                    }
                });
        registry.start();
        try {
            int code =
                    run(
                            jobId,
                            DeterministicHandler.class,
                            "http://127.0.0.1:" + registry.getAddress().getPort());

            assertThat(code).as(stderr()).isEqualTo(ConsumerMain.EXIT_BAD_CONFIGURATION);
            assertThat(stderr())
                    .contains(
                            "Job "
                                    + jobId
                                    + ": the registry refused the output schema"
                                    + " test.runtime.ReplayResult under "
                                    + egressSubject(jobId),
                            "incompatible with an earlier schema",
                            "declare a schema the subject accepts in service.output in the job"
                                    + " spec or in ReplayHandler.outputSchema()");
        } finally {
            registry.stop(0);
        }
    }

    /** Not a configuration problem: a restart may find the registry back. */
    @Test
    void anUnreachableRegistryAtStartExitsWithOne() throws Exception {
        String jobId = TestJobSpecs.newJobId("no-registry");

        int code = run(jobId, DeterministicHandler.class, "http://" + closedAddress());

        assertThat(code).as(stderr()).isEqualTo(ConsumerMain.EXIT_FAILED);
        assertThat(stderr())
                .contains(
                        "Cannot start job " + jobId + ": ",
                        "RegistryUnavailableException",
                        egressSubject(jobId));
    }

    private int run(String jobId, Class<? extends ReplayHandler> handler, String registryUrl)
            throws IOException {
        Path spec = tempDir.resolve(jobId + ".yaml");
        // No retries, so that an unreachable registry fails at once.
        Files.writeString(
                spec,
                TestJobSpecs.yaml(jobId, handler, NO_BROKER, registryUrl)
                        + "  properties:\n"
                        + "    kappa.registry.max-retries: \"0\"\n");
        return new ConsumerMain(
                        new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8))
                .run(List.of("--job-spec", spec.toString(), "--metrics-port", "-1"), Map.of());
    }

    private String stderr() {
        return err.toString(UTF_8);
    }

    private static String egressSubject(String jobId) {
        return JobNames.valueSubject(JobNames.of(jobId).egressTopic());
    }

    /** A loopback address nothing listens on: a port just freed. */
    private static String closedAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    private static InetAddress loopback() throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    }

    /** A handler on the test class path that declares no output schema. */
    public static final class NoOutputSchemaHandler implements ReplayHandler {
        @Override
        public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) {
            return List.of();
        }
    }
}
