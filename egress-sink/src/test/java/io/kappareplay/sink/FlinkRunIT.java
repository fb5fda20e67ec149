package io.kappareplay.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.schemas.manifest.SinkManifest;
import io.kappareplay.sink.testing.EgressFixture;
import io.kappareplay.sink.testing.LandedAssertions;
import io.kappareplay.sink.testing.LandedParquet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code flink run} runs the {@code flink-app} jar the way a cluster does: a standalone Flink 2.2
 * cluster (one jobmanager, one taskmanager, both child processes bound to 127.0.0.1) started with
 * the distribution's own scripts, the jar submitted by its CLI with no {@code -c} (the manifest
 * names {@code EgressSinkJob}) and no Maven classpath: Flink's {@code lib/} plus the jar, and
 * Hadoop through {@code HADOOP_CLASSPATH} as on a cluster. The distribution is the one PyPI's
 * {@code apache-flink} ships; {@code .ci/run} installs it and sets {@code KAPPA_FLINK_HOME}, so in
 * CI this test always runs. It is skipped only where that variable is unset.
 *
 * <p>Bounded mode, attached: the job lands the fixture's rows on the cluster, then the client
 * (inside {@code flink run}) checks them against egress.json and writes sink.json.
 */
class FlinkRunIT {
    static final String FLINK_HOME = "KAPPA_FLINK_HOME";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private static Path work;
    private static Path flinkHome;
    private static int restPort;
    private static final List<Process> cluster = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        String home = System.getenv(FLINK_HOME);
        assumeTrue(
                home != null && !home.isBlank(),
                FLINK_HOME
                        + " is not set: run bash .ci/run, or pip install --no-deps"
                        + " apache-flink==2.2.0 apache-flink-libraries==2.2.0 into a venv and set it"
                        + " to that venv's site-packages/pyflink, to run this test");
        flinkHome = Path.of(home);
        work =
                Files.createTempDirectory(
                        Files.createDirectories(Path.of(System.getProperty("kappa.test.work-dir"))),
                        "flink-run-");
        restPort = freePort();
        writeConfiguration(work.resolve("conf"));
        cluster.add(daemon("jobmanager.sh", "jobmanager"));
        cluster.add(daemon("taskmanager.sh", "taskmanager"));
        awaitTaskManager();
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (Process process : cluster) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    @Test
    void flinkRunLandsABoundedReplayAndWritesSinkJson() throws Exception {
        EgressFixture fixture = new EgressFixture("flink-run", 2, 5_000, 10);
        Path warehouse = work.resolve("warehouse");
        Files.createDirectories(warehouse);
        fixture.produce(warehouse.toUri());
        Path log = work.resolve("flink-run.log");

        int exitCode =
                flink(
                        log,
                        "run",
                        "-m",
                        "127.0.0.1:" + restPort,
                        jar().toString(),
                        "--job",
                        fixture.job.jobId(),
                        "--bootstrap-servers",
                        TestingKafka.shared().bootstrapServers(),
                        "--registry-url",
                        TestingRegistry.shared().url(),
                        "--warehouse",
                        warehouse.toUri().toString(),
                        "--checkpoint-interval",
                        "2s");

        assertThat(exitCode).as("exit code of flink run; its output:%n%s", tail(log)).isZero();
        assertThat(Files.readString(log)).contains("Job has been submitted with JobID");
        SinkManifest manifest =
                SinkManifest.fromJson(
                        Files.readString(Path.of(fixture.job.sinkManifest(warehouse.toUri()))));
        LandedParquet egress =
                LandedParquet.read(warehouse.resolve("kappa/egress/job_id=" + fixture.job.jobId()));
        LandedParquet dlq =
                LandedParquet.read(warehouse.resolve("kappa/dlq/job_id=" + fixture.job.jobId()));
        LandedAssertions.egressExactlyOnce(fixture, egress);
        LandedAssertions.deadLettersLanded(fixture, dlq);
        LandedAssertions.manifestMatchesFiles(manifest, egress, dlq);
        assertThat(manifest.egressRows()).isEqualTo(5_000);
    }

    @Test
    void aBadFlagExitsTwoNamingIt() throws Exception {
        Path log = work.resolve("flink-run-bad-flag.log");

        int exitCode =
                flink(log, "run", "-m", "127.0.0.1:" + restPort, jar().toString(), "--jobs", "x");

        assertThat(exitCode).as("exit code; output:%n%s", tail(log)).isEqualTo(2);
        assertThat(Files.readString(log)).contains("--jobs");
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("kappa.sink.flink-app-jar"));
        assertThat(jar).as("the shaded jar (built at package)").isRegularFile();
        return jar;
    }

    /**
     * The distribution's config.yaml (it holds the JVM flags Flink needs on Java 17) with
     * everything bound to 127.0.0.1, free ports, small memory, and two slots for the sink's default
     * parallelism; written in the flat form Flink's own scripts write.
     */
    private static void writeConfiguration(Path conf) throws IOException {
        Files.createDirectories(conf);
        try (Stream<Path> files = Files.list(flinkHome.resolve("conf"))) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals("config.yaml")) {
                    Files.copy(file, conf.resolve(file.getFileName()));
                }
            }
        }
        Configuration configuration =
                GlobalConfiguration.loadConfiguration(flinkHome.resolve("conf").toString());
        Map<String, String> settings =
                Map.ofEntries(
                        Map.entry("jobmanager.rpc.address", "127.0.0.1"),
                        Map.entry("jobmanager.rpc.port", Integer.toString(freePort())),
                        Map.entry("jobmanager.bind-host", "127.0.0.1"),
                        Map.entry("taskmanager.bind-host", "127.0.0.1"),
                        Map.entry("taskmanager.host", "127.0.0.1"),
                        Map.entry("rest.address", "127.0.0.1"),
                        Map.entry("rest.bind-address", "127.0.0.1"),
                        Map.entry("rest.port", Integer.toString(restPort)),
                        Map.entry("blob.server.port", "0"),
                        Map.entry("taskmanager.numberOfTaskSlots", "2"),
                        Map.entry("parallelism.default", "2"),
                        Map.entry("jobmanager.memory.process.size", "1024m"),
                        Map.entry("taskmanager.memory.process.size", "1536m"));
        configuration.addAll(Configuration.fromMap(settings));
        Files.write(
                conf.resolve("config.yaml"),
                ConfigurationUtils.convertConfigToWritableLines(configuration, true));
    }

    private static Process daemon(String script, String name) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(
                                flinkHome.resolve("bin").resolve(script).toString(),
                                "start-foreground")
                        .redirectErrorStream(true)
                        .redirectOutput(work.resolve(name + ".out").toFile());
        environment(builder);
        return builder.start();
    }

    private static int flink(Path log, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(flinkHome.resolve("bin/flink").toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        environment(builder);
        Process process = builder.start();
        if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("flink " + arguments[0] + " ran past " + RUN_TIMEOUT);
        }
        return process.exitValue();
    }

    /** Our configuration, logs and pid files under target/, Hadoop as a cluster gets it. */
    private static void environment(ProcessBuilder builder) {
        Map<String, String> environment = builder.environment();
        environment.put("FLINK_CONF_DIR", work.resolve("conf").toString());
        environment.put("FLINK_LOG_DIR", work.resolve("log").toString());
        environment.put("FLINK_PID_DIR", work.toString());
        environment.put("HADOOP_CLASSPATH", System.getProperty("kappa.sink.hadoop-classpath"));
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.remove("HADOOP_CONF_DIR");
        environment.remove("FLINK_HOME");
    }

    /** Waits until the jobmanager's REST API lists a registered taskmanager. */
    private static void awaitTaskManager() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/taskmanagers"))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains("\"id\"")) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            for (Process process : cluster) {
                assertThat(process.isAlive()).as("a Flink daemon exited; see %s", work).isTrue();
            }
            assertThat(System.nanoTime())
                    .as("no taskmanager registered within %s; see %s", START_TIMEOUT, work)
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
