package io.kappareplay.local.registry;

import static io.kappareplay.local.registry.TestSchemas.ORDER;
import static io.kappareplay.local.registry.TestSchemas.USER;
import static io.kappareplay.local.registry.TestSchemas.USER_REFORMATTED;
import static io.kappareplay.local.registry.TestSchemas.USER_WITH_AGE;
import static io.kappareplay.local.registry.TestSchemas.USER_WITH_EMAIL;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The REST API end to end over HTTP, with the registry on an in-memory log: every route, status and
 * error code of the contract, without a broker.
 */
class RegistryHttpApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newHttpClient();
    private final InMemoryRecordLog log = new InMemoryRecordLog();
    private HttpServer server;
    private ExecutorService executor;
    private String url;
    private String authorization;

    private void start(BasicAuthentication authentication) throws Exception {
        RegistryService registry = new RegistryService(log);
        registry.load();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", new RegistryHttpApi(registry, authentication));
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void start() throws Exception {
        start(null);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private record Answer(int status, JsonNode body, String raw, HttpResponse<String> response) {
        int errorCode() {
            return body.path("error_code").asInt();
        }

        String message() {
            return body.path("message").asText();
        }
    }

    private Answer call(String method, String path) throws IOException, InterruptedException {
        return call(method, path, null, "application/vnd.schemaregistry.v1+json");
    }

    private Answer call(String method, String path, String body)
            throws IOException, InterruptedException {
        return call(method, path, body, "application/vnd.schemaregistry.v1+json");
    }

    private Answer call(String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        request.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response =
                client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type"))
                .contains("application/vnd.schemaregistry.v1+json");
        JsonNode json = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            assertThat(json.isObject()).as(response.body()).isTrue();
            assertThat(json.size()).as("only error_code and message: " + json).isEqualTo(2);
            assertThat(json.get("error_code").isInt()).isTrue();
            assertThat(json.get("message").isTextual()).isTrue();
        }
        return new Answer(response.statusCode(), json, response.body(), response);
    }

    private static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private int register(String subject, String schema) throws Exception {
        Answer answer = call("POST", "/subjects/" + subject + "/versions", schemaBody(schema));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body().get("id").asInt();
    }

    private static String canonical(String schema) {
        return AvroSchema.parse("s", schema).canonical();
    }

    @Test
    void registersAndReadsBackUnderEveryAcceptedContentType() throws Exception {
        start();

        Answer first = call("POST", "/subjects/users-value/versions", schemaBody(USER));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(JSON.readTree("{\"id\":1}"));

        for (String type :
                new String[] {
                    "application/json", "application/vnd.schemaregistry+json", null, "text/plain"
                }) {
            Answer again =
                    call(
                            "POST",
                            "/subjects/users-value/versions",
                            schemaBody(USER_REFORMATTED),
                            type);
            assertThat(again.body().get("id").asInt()).as(String.valueOf(type)).isEqualTo(1);
        }
        Answer withType =
                call(
                        "POST",
                        "/subjects/users-value/versions",
                        "{\"schema\":"
                                + JSON.writeValueAsString(USER)
                                + ",\"schemaType\":\"AVRO\"}");
        assertThat(withType.body().get("id").asInt()).isEqualTo(1);

        assertThat(call("GET", "/subjects/users-value/versions").body())
                .isEqualTo(JSON.readTree("[1]"));
        assertThat(call("GET", "/schemas/ids/1").body())
                .isEqualTo(JSON.createObjectNode().put("schema", canonical(USER)));
        assertThat(call("GET", "/").body()).isEqualTo(JSON.readTree("{}"));
    }

    @Test
    void versionsAreReadByNumberLatestAndMinusOne() throws Exception {
        start();
        register("a", USER);
        register("a", USER_WITH_EMAIL);

        JsonNode expected =
                JSON.createObjectNode()
                        .put("subject", "a")
                        .put("version", 2)
                        .put("id", 2)
                        .put("schema", canonical(USER_WITH_EMAIL));
        assertThat(call("GET", "/subjects/a/versions/2").body()).isEqualTo(expected);
        assertThat(call("GET", "/subjects/a/versions/latest").body()).isEqualTo(expected);
        assertThat(call("GET", "/subjects/a/versions/-1").body()).isEqualTo(expected);
        assertThat(call("GET", "/subjects/a/versions/1/schema").body())
                .isEqualTo(JSON.readTree(canonical(USER)));
        assertThat(call("GET", "/schemas/ids/2/schema").body())
                .isEqualTo(JSON.readTree(canonical(USER_WITH_EMAIL)));
        assertThat(call("GET", "/subjects").body()).isEqualTo(JSON.readTree("[\"a\"]"));
        assertThat(call("GET", "/schemas/types").body()).isEqualTo(JSON.readTree("[\"AVRO\"]"));

        Answer missing = call("GET", "/subjects/a/versions/3");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo(40402);
        assertThat(missing.message()).contains("Version 3", "'a'");
        Answer invalid = call("GET", "/subjects/a/versions/abc");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42202);
        assertThat(invalid.message()).contains("'abc'");
        assertThat(call("GET", "/subjects/a/versions/0").errorCode()).isEqualTo(42202);
        Answer noSubject = call("GET", "/subjects/b/versions");
        assertThat(noSubject.status()).isEqualTo(404);
        assertThat(noSubject.errorCode()).isEqualTo(40401);
        assertThat(noSubject.message()).contains("'b'");
        assertThat(call("GET", "/subjects/b/versions/latest").errorCode()).isEqualTo(40401);
    }

    @Test
    void schemasAreFoundByIdWithTheirSubjects() throws Exception {
        start();
        register("a", USER);
        register("b", USER);
        register("b", USER_WITH_EMAIL);

        assertThat(call("GET", "/schemas/ids/1/versions").body())
                .isEqualTo(
                        JSON.readTree(
                                "[{\"subject\":\"a\",\"version\":1},"
                                        + "{\"subject\":\"b\",\"version\":1}]"));
        Answer unknown = call("GET", "/schemas/ids/99");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo(40403);
        assertThat(unknown.message()).contains("99");
        assertThat(call("GET", "/schemas/ids/abc").errorCode()).isEqualTo(40403);
        assertThat(call("GET", "/schemas/ids/99/versions").errorCode()).isEqualTo(40403);
    }

    @Test
    void lookupAnswersTheVersionHoldingASchema() throws Exception {
        start();
        register("a", USER);

        assertThat(call("POST", "/subjects/a", schemaBody(USER_REFORMATTED)).body())
                .isEqualTo(
                        JSON.createObjectNode()
                                .put("subject", "a")
                                .put("version", 1)
                                .put("id", 1)
                                .put("schema", canonical(USER)));
        Answer notUnder = call("POST", "/subjects/a", schemaBody(ORDER));
        assertThat(notUnder.status()).isEqualTo(404);
        assertThat(notUnder.errorCode()).isEqualTo(40403);
        assertThat(call("POST", "/subjects/zzz", schemaBody(USER)).errorCode()).isEqualTo(40401);
    }

    @Test
    void badRequestBodiesAreNamedErrors() throws Exception {
        start();

        Answer notJson = call("POST", "/subjects/a/versions", "{\"schema\": ");
        assertThat(notJson.status()).isEqualTo(422);
        assertThat(notJson.errorCode()).isEqualTo(422);
        assertThat(notJson.message()).contains("not valid JSON");
        assertThat(call("POST", "/subjects/a/versions", "[1]").errorCode()).isEqualTo(422);
        assertThat(call("POST", "/subjects/a/versions", null).errorCode()).isEqualTo(422);
        assertThat(
                        call("POST", "/subjects/a/versions", "{\"schema\": {\"type\":\"int\"}}")
                                .errorCode())
                .isEqualTo(422);

        Answer noSchema = call("POST", "/subjects/a/versions", "{}");
        assertThat(noSchema.status()).isEqualTo(422);
        assertThat(noSchema.errorCode()).isEqualTo(42201);
        Answer unparsable =
                call("POST", "/subjects/a/versions", schemaBody("{\"type\":\"recordd\"}"));
        assertThat(unparsable.status()).isEqualTo(422);
        assertThat(unparsable.errorCode()).isEqualTo(42201);
        assertThat(unparsable.message()).contains("'a'");
        Answer protobuf =
                call(
                        "POST",
                        "/subjects/a/versions",
                        "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}");
        assertThat(protobuf.status()).isEqualTo(422);
        assertThat(protobuf.errorCode()).isEqualTo(42201);
        assertThat(protobuf.message()).contains("PROTOBUF", "only AVRO");
        assertThat(log.size()).isZero();
    }

    @Test
    void anIncompatibleSchemaIs409() throws Exception {
        start();
        register("users-value", USER);

        Answer answer = call("POST", "/subjects/users-value/versions", schemaBody(USER_WITH_AGE));
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.errorCode()).isEqualTo(409);
        assertThat(answer.message())
                .startsWith(
                        "Schema being registered is incompatible with an earlier schema for"
                                + " subject \"users-value\", details: [");
    }

    @Test
    void deletesFollowTheSoftThenPermanentRules() throws Exception {
        start();
        register("a", USER);
        register("a", USER_WITH_EMAIL);
        register("b", ORDER);

        assertThat(call("DELETE", "/subjects/a/versions/1?permanent=true").errorCode())
                .isEqualTo(40407);
        assertThat(call("DELETE", "/subjects/a/versions/1").body()).isEqualTo(JSON.readTree("1"));
        assertThat(call("DELETE", "/subjects/a/versions/1").errorCode()).isEqualTo(40406);
        assertThat(call("GET", "/subjects/a/versions").body()).isEqualTo(JSON.readTree("[2]"));
        assertThat(call("GET", "/subjects/a/versions?deleted=true").body())
                .isEqualTo(JSON.readTree("[1,2]"));
        assertThat(call("DELETE", "/subjects/a/versions/1?permanent=true").body())
                .isEqualTo(JSON.readTree("1"));

        assertThat(call("DELETE", "/subjects/b?permanent=true").errorCode()).isEqualTo(40405);
        assertThat(call("DELETE", "/subjects/b").body()).isEqualTo(JSON.readTree("[1]"));
        assertThat(call("DELETE", "/subjects/b").errorCode()).isEqualTo(40404);
        assertThat(call("GET", "/subjects").body()).isEqualTo(JSON.readTree("[\"a\"]"));
        assertThat(call("GET", "/subjects?deleted=true").body())
                .isEqualTo(JSON.readTree("[\"a\",\"b\"]"));
        assertThat(call("GET", "/schemas/ids/3").status())
                .as("a soft-deleted schema stays readable by id")
                .isEqualTo(200);
        assertThat(call("DELETE", "/subjects/b?permanent=true").body())
                .isEqualTo(JSON.readTree("[1]"));
        assertThat(call("GET", "/schemas/ids/3").errorCode()).isEqualTo(40403);
        assertThat(call("DELETE", "/subjects/b").errorCode()).isEqualTo(40401);
        assertThat(call("DELETE", "/subjects/a/versions/9").errorCode()).isEqualTo(40402);
    }

    @Test
    void compatibilityLevelsAreReadSetAndDeleted() throws Exception {
        start();

        assertThat(call("GET", "/config").body())
                .isEqualTo(JSON.readTree("{\"compatibilityLevel\":\"BACKWARD\"}"));
        assertThat(call("PUT", "/config", "{\"compatibility\":\"FULL\"}").body())
                .isEqualTo(JSON.readTree("{\"compatibility\":\"FULL\"}"));
        assertThat(call("GET", "/config").body())
                .isEqualTo(JSON.readTree("{\"compatibilityLevel\":\"FULL\"}"));

        Answer notSet = call("GET", "/config/a");
        assertThat(notSet.status()).isEqualTo(404);
        assertThat(notSet.errorCode()).isEqualTo(40408);
        assertThat(notSet.message()).contains("'a'");
        assertThat(call("GET", "/config/a?defaultToGlobal=true").body())
                .isEqualTo(JSON.readTree("{\"compatibilityLevel\":\"FULL\"}"));
        assertThat(call("PUT", "/config/a", "{\"compatibility\":\"none\"}").body())
                .isEqualTo(JSON.readTree("{\"compatibility\":\"NONE\"}"));
        assertThat(call("GET", "/config/a").body())
                .isEqualTo(JSON.readTree("{\"compatibilityLevel\":\"NONE\"}"));
        assertThat(call("DELETE", "/config/a").body())
                .isEqualTo(JSON.readTree("{\"compatibilityLevel\":\"NONE\"}"));
        assertThat(call("DELETE", "/config/a").errorCode()).isEqualTo(40408);

        Answer invalid = call("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42203);
        assertThat(invalid.message()).contains("SIDEWAYS");
        assertThat(call("PUT", "/config/a", "{}").errorCode()).isEqualTo(42203);
        assertThat(call("DELETE", "/config").body())
                .isEqualTo(JSON.readTree("{\"compatibilityLevel\":\"FULL\"}"));
        assertThat(call("GET", "/config").body())
                .isEqualTo(JSON.readTree("{\"compatibilityLevel\":\"BACKWARD\"}"));
    }

    @Test
    void compatibilityIsTestedWithoutRegistering() throws Exception {
        start();
        register("a", USER);
        int records = log.size();

        assertThat(
                        call(
                                        "POST",
                                        "/compatibility/subjects/a/versions/latest",
                                        schemaBody(USER_WITH_EMAIL))
                                .body())
                .isEqualTo(JSON.readTree("{\"is_compatible\":true}"));
        assertThat(
                        call(
                                        "POST",
                                        "/compatibility/subjects/a/versions/1",
                                        schemaBody(USER_WITH_AGE))
                                .body())
                .isEqualTo(JSON.readTree("{\"is_compatible\":false}"));
        JsonNode verbose =
                call(
                                "POST",
                                "/compatibility/subjects/a/versions/latest?verbose=true",
                                schemaBody(USER_WITH_AGE))
                        .body();
        assertThat(verbose.get("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.get("messages").toString())
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(
                        call(
                                        "POST",
                                        "/compatibility/subjects/a/versions?verbose=true",
                                        schemaBody(USER_WITH_EMAIL))
                                .body())
                .isEqualTo(JSON.readTree("{\"is_compatible\":true,\"messages\":[]}"));
        assertThat(
                        call("POST", "/compatibility/subjects/a/versions/7", schemaBody(USER))
                                .errorCode())
                .isEqualTo(40402);
        assertThat(
                        call("POST", "/compatibility/subjects/z/versions/latest", schemaBody(USER))
                                .errorCode())
                .isEqualTo(40401);
        assertThat(log.size()).isEqualTo(records);
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405() throws Exception {
        start();

        Answer unknown = call("GET", "/nowhere");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo(404);
        assertThat(unknown.message()).contains("/nowhere");

        Answer wrong = call("PATCH", "/subjects/a/versions");
        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.errorCode()).isEqualTo(405);
        assertThat(wrong.response().headers().firstValue("Allow")).contains("GET, POST");
    }

    @Test
    void subjectNamesAreDecodedFromThePath() throws Exception {
        start();

        register("team%2Fusers+v1%20x", USER);

        assertThat(call("GET", "/subjects").body())
                .isEqualTo(JSON.readTree("[\"team/users+v1 x\"]"));
        assertThat(call("GET", "/subjects/team%2Fusers+v1%20x/versions").body())
                .isEqualTo(JSON.readTree("[1]"));
    }

    @Test
    void aFailedWriteIs50001() throws Exception {
        start();
        log.failNextAppends(1, false);

        Answer answer = call("POST", "/subjects/a/versions", schemaBody(USER));
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.errorCode()).isEqualTo(50001);
        assertThat(answer.message()).contains("subject 'a'");
        assertThat(call("GET", "/subjects/a/versions").errorCode()).isEqualTo(40401);
    }

    @Test
    void withBasicAuthEveryRequestNeedsCredentials() throws Exception {
        start(new BasicAuthentication(Map.of("alice", "secret")));

        Answer anonymous = call("GET", "/subjects");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errorCode()).isEqualTo(40101);
        assertThat(anonymous.message()).startsWith("Unauthorized: ");
        assertThat(anonymous.response().headers().firstValue("WWW-Authenticate"))
                .contains("Basic realm=\"kappa-registry\"");
        assertThat(call("GET", "/nowhere").status()).as("before routing").isEqualTo(401);

        authorization =
                "Basic " + Base64.getEncoder().encodeToString("alice:wrong".getBytes(UTF_8));
        assertThat(call("GET", "/subjects").errorCode()).isEqualTo(40101);

        authorization =
                "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(UTF_8));
        assertThat(call("GET", "/subjects").status()).isEqualTo(200);
        assertThat(register("a", USER)).isEqualTo(1);
    }
}
