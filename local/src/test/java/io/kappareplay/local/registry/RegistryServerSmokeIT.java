package io.kappareplay.local.registry;

import static io.kappareplay.local.registry.TestSchemas.ORDER;
import static io.kappareplay.local.registry.TestSchemas.USER;
import static io.kappareplay.local.registry.TestSchemas.USER_WITH_AGE;
import static io.kappareplay.local.registry.TestSchemas.USER_WITH_EMAIL;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry as the launcher runs it: {@link RegistryServerMain} in a child JVM on the module's
 * child classpath, against a real KRaft broker in another child JVM. Proves the main-class contract
 * (ready file, exit codes, SIGTERM) and that state survives a clean stop and a SIGKILL.
 */
class RegistryServerSmokeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static Path work;
    private static String classpath;
    private static String bootstrapServers;
    private static Process broker;
    private static final List<Process> registries = new ArrayList<>();

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startBroker() throws Exception {
        Path base = Path.of(System.getProperty("kappa.test.work-dir", "target/kappa-it"));
        Files.createDirectories(base);
        work = Files.createTempDirectory(base.toAbsolutePath(), "registry-smoke-");
        classpath = childClasspath();

        int brokerPort = freePort();
        int controllerPort = freePort();
        bootstrapServers = "127.0.0.1:" + brokerPort;
        Path properties = work.resolve("server.properties");
        Files.writeString(
                properties,
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                        "listeners=PLAINTEXT://127.0.0.1:"
                                + brokerPort
                                + ",CONTROLLER://127.0.0.1:"
                                + controllerPort,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                        "controller.listener.names=CONTROLLER",
                        "inter.broker.listener.name=PLAINTEXT",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "log.dirs=" + work.resolve("kafka-logs"),
                        "offsets.topic.replication.factor=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        "auto.create.topics.enable=false",
                        ""));

        Process format =
                start(
                        java(
                                "broker-format",
                                List.of("-Xmx256m"),
                                "kafka.tools.StorageTool",
                                "format",
                                "-t",
                                Uuid.randomUuid().toString(),
                                "-c",
                                properties.toString()));
        assertThat(format.waitFor(60, TimeUnit.SECONDS)).as("storage format finishes").isTrue();
        assertThat(format.exitValue()).as(read("broker-format")).isZero();

        broker = start(java("broker", List.of("-Xmx512m"), "kafka.Kafka", properties.toString()));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!accepts(brokerPort)) {
            assertThat(broker.isAlive()).as(read("broker")).isTrue();
            assertThat(System.nanoTime()).as("broker listens").isLessThan(deadline);
            broker.waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        for (Process registry : registries) {
            registry.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void stateSurvivesACleanStopAndASigkill() throws Exception {
        Registry registry = startRegistry("main", "--topic", "_schemas");
        assertThat(registry.url).isEqualTo("http://127.0.0.1:" + registry.port);

        assertThat(registry.register("users-value", USER)).isEqualTo(1);
        assertThat(registry.register("users-value", USER_WITH_EMAIL)).isEqualTo(2);
        assertThat(registry.register("orders-value", ORDER)).isEqualTo(3);
        assertThat(registry.register("gone-value", TestSchemas.EMPTY_R)).isEqualTo(4);
        assertThat(registry.call("DELETE", "/subjects/users-value/versions/1", null).status)
                .isEqualTo(200);
        assertThat(registry.call("DELETE", "/subjects/gone-value", null).status).isEqualTo(200);
        assertThat(registry.call("DELETE", "/subjects/gone-value?permanent=true", null).status)
                .isEqualTo(200);
        assertThat(
                        registry.call("PUT", "/config/orders-value", "{\"compatibility\":\"NONE\"}")
                                .status)
                .isEqualTo(200);
        assertThat(
                        registry.call(
                                        "POST",
                                        "/subjects/users-value/versions",
                                        schemaBody(USER_WITH_AGE))
                                .status)
                .isEqualTo(409);
        List<String> before = snapshot(registry);

        // SIGTERM: the shutdown hook stops the server and closes the Kafka clients.
        registry.process.destroy();
        assertThat(registry.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(read("main")).contains("registry: stopped");

        Registry restarted = startRegistry("main-restarted", "--topic", "_schemas");
        assertThat(snapshot(restarted)).isEqualTo(before);
        assertThat(restarted.register("other-value", USER_WITH_EMAIL))
                .as("the same schema keeps its id under a new subject")
                .isEqualTo(2);
        assertThat(restarted.register("new-value", TestSchemas.withA("int", null)))
                .as("the id of the permanently deleted schema is not reused")
                .isEqualTo(5);
        List<String> beforeKill = snapshot(restarted);

        restarted.process.destroyForcibly();
        assertThat(restarted.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Registry afterKill = startRegistry("main-after-kill", "--topic", "_schemas");
        assertThat(snapshot(afterKill)).isEqualTo(beforeKill);
        assertThat(afterKill.register("later-value", TestSchemas.withA("long", null))).isEqualTo(6);
    }

    private List<String> snapshot(Registry registry) throws Exception {
        List<String> facts = new ArrayList<>();
        for (String path :
                new String[] {
                    "/subjects",
                    "/subjects?deleted=true",
                    "/subjects/users-value/versions",
                    "/subjects/users-value/versions?deleted=true",
                    "/subjects/users-value/versions/1",
                    "/subjects/users-value/versions/1?deleted=true",
                    "/subjects/users-value/versions/latest",
                    "/subjects/orders-value/versions/1",
                    "/subjects/gone-value/versions?deleted=true",
                    "/schemas/ids/1",
                    "/schemas/ids/2",
                    "/schemas/ids/3",
                    "/schemas/ids/4",
                    "/config",
                    "/config/orders-value",
                    "/config/users-value"
                }) {
            Answer answer = registry.call("GET", path, null);
            facts.add(path + " -> " + answer.status + " " + answer.body);
        }
        return facts;
    }

    @Test
    void servesHttpsWithBasicAuth() throws Exception {
        Path keystore = work.resolve("registry.p12");
        Process keytool =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "keytool")
                                        .toString(),
                                "-genkeypair",
                                "-keystore",
                                keystore.toString(),
                                "-storetype",
                                "PKCS12",
                                "-storepass",
                                "changeit",
                                "-alias",
                                "registry",
                                "-keyalg",
                                "RSA",
                                "-keysize",
                                "2048",
                                "-validity",
                                "2",
                                "-dname",
                                "CN=127.0.0.1",
                                "-ext",
                                "SAN=ip:127.0.0.1,dns:localhost")
                        .redirectErrorStream(true)
                        .redirectOutput(work.resolve("keytool.log").toFile())
                        .start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(Files.readString(work.resolve("keytool.log"))).isZero();
        Path users = work.resolve("users.properties");
        Files.writeString(users, "alice=secret\n");

        Registry registry =
                startRegistry(
                        "secure",
                        "--topic",
                        "_schemas_secure",
                        "--tls-keystore",
                        keystore.toString(),
                        "--tls-keystore-password",
                        "changeit",
                        "--basic-auth-file",
                        users.toString());
        assertThat(registry.url).isEqualTo("https://127.0.0.1:" + registry.port);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trust =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(tls).build();

        HttpResponse<String> anonymous =
                https.send(
                        HttpRequest.newBuilder(URI.create(registry.url + "/subjects")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).get("error_code").asInt()).isEqualTo(40101);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                .contains("Basic realm=\"kappa-registry\"");

        HttpResponse<String> registered =
                https.send(
                        HttpRequest.newBuilder(
                                        URI.create(registry.url + "/subjects/s-value/versions"))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString(
                                                                "alice:secret".getBytes(UTF_8)))
                                .header("Content-Type", RegistryHttpApi.CONTENT_TYPE)
                                .POST(HttpRequest.BodyPublishers.ofString(schemaBody(USER)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(registered.body()).isEqualTo("{\"id\":1}");
    }

    @Test
    void badArgumentsExitWith2AndOneLineNamingTheFlag() throws Exception {
        Process process =
                start(
                        java(
                                "bad-args",
                                List.of("-Xmx128m"),
                                RegistryServerMain.class.getName(),
                                "--bootstrap-servers",
                                bootstrapServers,
                                "--ready-file",
                                work.resolve("never.ready").toString(),
                                "--port",
                                "eighty"));

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(read("bad-args").strip())
                .isEqualTo(
                        "registry: --port 'eighty' is not a port: pass 0 to 65535 (0 = any free"
                                + " port)");
        assertThat(work.resolve("never.ready")).doesNotExist();
    }

    @Test
    void aTopicThatIsNotCompactedIsRefused() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(
                            List.of(
                                    new NewTopic("_schemas_deleted", 1, (short) 1)
                                            .configs(Map.of("cleanup.policy", "delete"))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }

        Process process =
                start(
                        java(
                                "not-compacted",
                                List.of("-Xmx256m"),
                                RegistryServerMain.class.getName(),
                                "--bootstrap-servers",
                                bootstrapServers,
                                "--topic",
                                "_schemas_deleted",
                                "--ready-file",
                                work.resolve("not-compacted.ready").toString()));

        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(read("not-compacted"))
                .contains(
                        "registry: cannot start: The schemas topic _schemas_deleted has"
                                + " cleanup.policy=delete; it needs cleanup.policy=compact");
        assertThat(work.resolve("not-compacted.ready")).doesNotExist();
    }

    // --- The registry child process ---

    private record Answer(int status, JsonNode body) {}

    private final class Registry {
        final Process process;
        final int port;
        final String url;

        Registry(Process process, int port, String url) {
            this.process = process;
            this.port = port;
            this.url = url;
        }

        Answer call(String method, String path, String body) throws Exception {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(url + path))
                            .header("Content-Type", RegistryHttpApi.CONTENT_TYPE)
                            .method(
                                    method,
                                    body == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        }

        int register(String subject, String schema) throws Exception {
            Answer answer = call("POST", "/subjects/" + subject + "/versions", schemaBody(schema));
            assertThat(answer.status).as(answer.body.toString()).isEqualTo(200);
            return answer.body.get("id").asInt();
        }
    }

    private Registry startRegistry(String name, String... extraArgs) throws Exception {
        Path readyFile = work.resolve(name + ".ready");
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrapServers));
        args.addAll(List.of("--port", "0", "--ready-file", readyFile.toString()));
        args.addAll(List.of(extraArgs));
        // INFO logs, so the test sees the clean shutdown in the child's output.
        Process process =
                start(
                        java(
                                name,
                                List.of("-Xmx256m", "-Dlog4j2.level=INFO"),
                                RegistryServerMain.class.getName(),
                                args.toArray(String[]::new)));
        registries.add(process);

        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(readyFile)) {
            assertThat(process.isAlive()).as("registry %s runs: %s", name, read(name)).isTrue();
            assertThat(System.nanoTime())
                    .as("registry %s ready in time", name)
                    .isLessThan(deadline);
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        Properties ready = new Properties();
        try (Reader reader = Files.newBufferedReader(readyFile, UTF_8)) {
            ready.load(reader);
        }
        assertThat(ready.stringPropertyNames()).containsExactlyInAnyOrder("port", "url");
        return new Registry(
                process, Integer.parseInt(ready.getProperty("port")), ready.getProperty("url"));
    }

    // --- Child JVMs ---

    /** The classpath the launcher gives children: the module's child.classpath plus its classes. */
    private static String childClasspath() throws IOException {
        URL list = RegistryServerMain.class.getResource("/META-INF/kappa-local/child.classpath");
        assertThat(list).as("child.classpath on the test classpath").isNotNull();
        String repository =
                System.getProperty(
                        "kappa.maven.repo",
                        Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        String entries;
        try (InputStream in = list.openStream()) {
            entries = new String(in.readAllBytes(), UTF_8).strip().replace("@M2@", repository);
        }
        String own =
                Path.of(
                                URI.create(
                                        RegistryServerMain.class
                                                .getProtectionDomain()
                                                .getCodeSource()
                                                .getLocation()
                                                .toString()))
                        .toString();
        return own + File.pathSeparator + entries;
    }

    private static ProcessBuilder java(
            String name, List<String> jvmOptions, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
    }

    private static Process start(ProcessBuilder builder) throws IOException {
        // Standard input stays a pipe this JVM holds open: the child's parent watchdog.
        return builder.start();
    }

    private static String read(String name) {
        try {
            return Files.readString(work.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }
}
