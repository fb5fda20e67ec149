package io.kappareplay.schemas.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kappareplay.schemas.registry.StubRegistryServer.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpSchemaRegistryClientTest {
    private static final String SUBJECT = "kappa.orders.ingress-value";
    private static final Schema ORDER =
            new Schema.Parser()
                    .parse(
                            "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"test\","
                                    + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
    private static final String ORDER_RESPONSE =
            "{\"subject\":\""
                    + SUBJECT
                    + "\",\"id\":7,\"version\":2,\"schema\":"
                    + quoted(ORDER.toString())
                    + "}";

    private StubRegistryServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void registerPostsTheCanonicalSchemaAndReturnsTheId() throws Exception {
        server = StubRegistryServer.start(request -> Response.ok("{\"id\":7}"));

        int id = client(server.url()).register(SUBJECT, ORDER);

        assertThat(id).isEqualTo(7);
        StubRegistryServer.Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/subjects/" + SUBJECT + "/versions");
        assertThat(request.header("Content-Type"))
                .isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(new ObjectMapper().readTree(request.body()).path("schema").asText())
                .isEqualTo(ORDER.toString());
    }

    @Test
    void sameSchemaWrittenDifferentlyIsSentAlikeAndCachedOnce() throws Exception {
        server = StubRegistryServer.start(request -> Response.ok("{\"id\":7}"));
        Schema compact = ORDER;
        Schema spacedAndReordered =
                new Schema.Parser()
                        .parse(
                                "{ \"namespace\" : \"test\",\n  \"fields\" : [ { \"type\" :"
                                        + " \"string\", \"name\" : \"id\" } ],\n  \"name\" :"
                                        + " \"Order\", \"type\" : \"record\" }");
        SchemaRegistryClient client = client(server.url());

        assertThat(client.register(SUBJECT, compact)).isEqualTo(7);
        assertThat(client.register(SUBJECT, spacedAndReordered)).isEqualTo(7);

        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void lookupReturnsSubjectIdVersionAndSchema() throws Exception {
        server = StubRegistryServer.start(request -> Response.ok(ORDER_RESPONSE));

        RegisteredSchema found = client(server.url()).lookup(SUBJECT, ORDER);

        assertThat(found).isEqualTo(new RegisteredSchema(SUBJECT, 7, 2, ORDER));
        assertThat(server.requests().get(0).method()).isEqualTo("POST");
        assertThat(server.requests().get(0).path()).isEqualTo("/subjects/" + SUBJECT);
    }

    @Test
    void schemaByIdGetsTheSchema() throws Exception {
        server =
                StubRegistryServer.start(
                        request -> Response.ok("{\"schema\":" + quoted(ORDER.toString()) + "}"));

        assertThat(client(server.url()).schemaById(7)).isEqualTo(ORDER);
        assertThat(server.requests().get(0).path()).isEqualTo("/schemas/ids/7");
    }

    @Test
    void schemaByIdRefusesSchemasThatAreNotAvro() throws Exception {
        server =
                StubRegistryServer.start(
                        request ->
                                Response.ok(
                                        "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax ="
                                                + " \\\"proto3\\\";\"}"));

        assertThatThrownBy(() -> client(server.url()).schemaById(7))
                .isExactlyInstanceOf(RegistryException.class)
                .hasMessageContaining("schema id 7")
                .hasMessageContaining("PROTOBUF schema; only AVRO is supported");
    }

    @Test
    void schemaWithReferencesIsRefusedWithAReason() throws Exception {
        String referencing =
                "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"customer\","
                        + "\"type\":\"test.Customer\"}]}";
        server =
                StubRegistryServer.start(
                        request ->
                                Response.ok(
                                        "{\"schema\":"
                                                + quoted(referencing)
                                                + ",\"references\":[{\"name\":\"test.Customer\","
                                                + "\"subject\":\"customer\",\"version\":1}]}"));

        assertThatThrownBy(() -> client(server.url()).schemaById(7))
                .isExactlyInstanceOf(RegistryException.class)
                .hasMessageContaining(
                        "does not parse as Avro (schema references are not supported)");
    }

    @Test
    void subjectsAndVersionsAreListed() throws Exception {
        server =
                StubRegistryServer.start(
                        request ->
                                request.path().startsWith("/subjects/")
                                        ? Response.ok("[1,2,3]")
                                        : Response.ok("[\"a-value\",\"b-value\"]"));
        SchemaRegistryClient client = client(server.url());

        assertThat(client.subjects(false)).containsExactly("a-value", "b-value");
        assertThat(client.subjects(true)).containsExactly("a-value", "b-value");
        assertThat(client.versions(SUBJECT)).containsExactly(1, 2, 3);

        assertThat(server.requests())
                .extracting(StubRegistryServer.Request::path)
                .containsExactly(
                        "/subjects",
                        "/subjects?deleted=true",
                        "/subjects/" + SUBJECT + "/versions");
    }

    @Test
    void versionByNumberAndLatest() throws Exception {
        server = StubRegistryServer.start(request -> Response.ok(ORDER_RESPONSE));
        SchemaRegistryClient client = client(server.url());

        assertThat(client.version(SUBJECT, 2))
                .isEqualTo(new RegisteredSchema(SUBJECT, 7, 2, ORDER));
        assertThat(client.latestVersion(SUBJECT).version()).isEqualTo(2);

        assertThat(server.requests())
                .extracting(StubRegistryServer.Request::path)
                .containsExactly(
                        "/subjects/" + SUBJECT + "/versions/2",
                        "/subjects/" + SUBJECT + "/versions/latest");
    }

    @Test
    void compatibilityTestIsVerboseAndReturnsTheMessages() throws Exception {
        server =
                StubRegistryServer.start(
                        request ->
                                Response.ok(
                                        "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT_VALUE\","
                                                + "\"{oldSchemaVersion: 2}\"]}"));
        SchemaRegistryClient client = client(server.url());

        CompatibilityResult latest = client.testCompatibilityWithLatest(SUBJECT, ORDER);
        CompatibilityResult second = client.testCompatibility(SUBJECT, 2, ORDER);

        assertThat(latest.compatible()).isFalse();
        assertThat(latest.messages())
                .containsExactly("READER_FIELD_MISSING_DEFAULT_VALUE", "{oldSchemaVersion: 2}");
        assertThat(second).isEqualTo(latest);
        assertThat(server.requests())
                .extracting(StubRegistryServer.Request::path)
                .containsExactly(
                        "/compatibility/subjects/" + SUBJECT + "/versions/latest?verbose=true",
                        "/compatibility/subjects/" + SUBJECT + "/versions/2?verbose=true");
    }

    @Test
    void compatibilityLevelsAreReadAndSetGloballyAndPerSubject() throws Exception {
        server =
                StubRegistryServer.start(
                        request ->
                                request.method().equals("GET")
                                        ? Response.ok(
                                                "{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}")
                                        : Response.ok(request.body()));
        SchemaRegistryClient client = client(server.url());

        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(client.setGlobalCompatibility(CompatibilityLevel.NONE))
                .isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.subjectCompatibility(SUBJECT))
                .contains(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(client.setSubjectCompatibility(SUBJECT, CompatibilityLevel.BACKWARD))
                .isEqualTo(CompatibilityLevel.BACKWARD);

        assertThat(server.requests())
                .extracting(r -> r.method() + " " + r.path() + " " + r.body())
                .containsExactly(
                        "GET /config ",
                        "PUT /config {\"compatibility\":\"NONE\"}",
                        "GET /config/" + SUBJECT + " ",
                        "PUT /config/" + SUBJECT + " {\"compatibility\":\"BACKWARD\"}");
    }

    @Test
    void subjectWithoutItsOwnLevelFollowsTheGlobalOne() throws Exception {
        server =
                StubRegistryServer.start(
                        request ->
                                Response.error(
                                        404,
                                        40408,
                                        "Subject does not have subject-level compatibility configured"));

        assertThat(client(server.url()).subjectCompatibility(SUBJECT)).isEqualTo(Optional.empty());
    }

    @Test
    void deletesPassPermanentAndReturnWhatWasDeleted() throws Exception {
        server =
                StubRegistryServer.start(
                        request ->
                                request.path().contains("/versions/")
                                        ? Response.ok("3")
                                        : Response.ok("[1,2,3]"));
        SchemaRegistryClient client = client(server.url());

        assertThat(client.deleteSubject(SUBJECT, false)).containsExactly(1, 2, 3);
        assertThat(client.deleteSubject(SUBJECT, true)).containsExactly(1, 2, 3);
        assertThat(client.deleteVersion(SUBJECT, 3, false)).isEqualTo(3);
        assertThat(client.deleteVersion(SUBJECT, 3, true)).isEqualTo(3);

        assertThat(server.requests())
                .extracting(r -> r.method() + " " + r.path())
                .containsExactly(
                        "DELETE /subjects/" + SUBJECT,
                        "DELETE /subjects/" + SUBJECT + "?permanent=true",
                        "DELETE /subjects/" + SUBJECT + "/versions/3",
                        "DELETE /subjects/" + SUBJECT + "/versions/3?permanent=true");
    }

    /**
     * A registry that applies every delete and, the first time, loses the answer in a 503 (as a
     * proxy does when the registry answered late); a delete of something already deleted gets
     * {@code alreadyDeleted}.
     */
    private static StubRegistryServer appliesThenAnswers503(Response alreadyDeleted)
            throws IOException {
        AtomicInteger deletes = new AtomicInteger();
        return StubRegistryServer.start(
                request -> {
                    if (!request.method().equals("DELETE")) {
                        return Response.error(500, 500, "only deletes here");
                    }
                    int n = deletes.incrementAndGet();
                    if (n == 1) {
                        return Response.error(503, 503, "upstream timed out"); // but applied
                    }
                    return alreadyDeleted;
                });
    }

    @Test
    void softDeletedSubjectWhoseAnswerWasLostIsDoneWhenTheRetryFindsItDeleted() throws Exception {
        server = appliesThenAnswers503(Response.error(404, 40404, "Subject 'x' was soft deleted."));

        assertThat(client(server.url()).deleteSubject(SUBJECT, false)).isEmpty();
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void permanentlyDeletedSubjectWhoseAnswerWasLostIsDoneWhenTheRetryFindsItGone()
            throws Exception {
        server = appliesThenAnswers503(Response.error(404, 40401, "Subject not found."));

        assertThat(client(server.url()).deleteSubject(SUBJECT, true)).isEmpty();
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void deletedVersionWhoseAnswerWasLostIsDoneWhenTheRetryFindsItDeleted() throws Exception {
        server = appliesThenAnswers503(Response.error(404, 40406, "Version 3 was soft deleted"));
        assertThat(client(server.url()).deleteVersion(SUBJECT, 3, false)).isEqualTo(3);
        server.close();

        server = appliesThenAnswers503(Response.error(404, 40402, "Version not found."));
        assertThat(client(server.url()).deleteVersion(SUBJECT, 3, true)).isEqualTo(3);
        server.close();

        // Permanently deleting the last version takes the subject with it.
        server = appliesThenAnswers503(Response.error(404, 40401, "Subject not found."));
        assertThat(client(server.url()).deleteVersion(SUBJECT, 3, true)).isEqualTo(3);
    }

    @Test
    void deleteWhoseAnswerTimedOutIsDoneWhenTheRetryFindsItDeleted() throws Exception {
        AtomicInteger deletes = new AtomicInteger();
        server =
                StubRegistryServer.start(
                        request -> {
                            if (deletes.incrementAndGet() == 1) {
                                sleep(2_000); // applied, but answers after the client gave up
                                return Response.ok("[1]");
                            }
                            return Response.error(404, 40404, "Subject was soft deleted.");
                        });

        assertThat(
                        client(server.url(), Map.of(RegistryClientConfig.REQUEST_TIMEOUT_MS, 300))
                                .deleteSubject(SUBJECT, false))
                .isEmpty();
        assertThat(deletes).hasValue(2);
    }

    @Test
    void alreadyDeletedIsStillAnErrorWhenNoEarlierSendCanHaveDoneIt() throws Exception {
        server =
                StubRegistryServer.start(
                        request -> Response.error(404, 40404, "Subject was soft deleted."));

        // Sent once and refused: someone else deleted it, or the caller deletes twice.
        assertThatThrownBy(() -> client(server.url()).deleteSubject(SUBJECT, false))
                .isInstanceOf(SubjectSoftDeletedException.class);
        // A refused connection never reached a registry: the answer of the next URL is definite.
        String refused = "http://127.0.0.1:" + freePort();
        assertThatThrownBy(() -> client(refused + "," + server.url()).deleteSubject(SUBJECT, false))
                .isInstanceOf(SubjectSoftDeletedException.class);
        // Other requests never take "not found" for success, even after a 503.
        AtomicInteger attempts = new AtomicInteger();
        server.close();
        server =
                StubRegistryServer.start(
                        request ->
                                attempts.incrementAndGet() == 1
                                        ? Response.error(503, 503, "busy")
                                        : Response.error(404, 40401, "Subject not found."));
        assertThatThrownBy(() -> client(server.url()).versions(SUBJECT))
                .isInstanceOf(SubjectNotFoundException.class);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aRateLimitedDeleteWasNotAppliedSoAlreadyDeletedAfterItIsAnError() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        server =
                StubRegistryServer.start(
                        request ->
                                attempts.incrementAndGet() == 1
                                        ? Response.error(429, 429, "Too many requests")
                                        : Response.error(404, 40404, "Subject was soft deleted."));

        assertThatThrownBy(() -> client(server.url()).deleteSubject(SUBJECT, false))
                .isInstanceOf(SubjectSoftDeletedException.class);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void otherErrorsOfARetriedDeleteAreStillThrown() throws Exception {
        server =
                appliesThenAnswers503(Response.error(404, 40405, "Subject was not deleted first."));

        assertThatThrownBy(() -> client(server.url()).deleteSubject(SUBJECT, true))
                .isInstanceOf(NotFoundException.class)
                .extracting(e -> ((RegistryException) e).errorCode())
                .isEqualTo(40405);
    }

    @Test
    void subjectIsEncodedAsOnePathSegment() throws Exception {
        server = StubRegistryServer.start(request -> Response.ok("[1]"));

        client(server.url()).versions("odd subject/with+signs");

        assertThat(server.requests().get(0).path())
                .isEqualTo("/subjects/odd%20subject%2Fwith%2Bsigns/versions");
    }

    @Test
    void baseUrlPathIsKeptForRegistriesServedUnderAPrefix() throws Exception {
        server = StubRegistryServer.start(request -> Response.ok("[]"));

        client(server.url() + "/apis/ccompat/v7/").subjects(false);

        assertThat(server.requests().get(0).path()).isEqualTo("/apis/ccompat/v7/subjects");
    }

    static Stream<Arguments> errorResponses() {
        return Stream.of(
                Arguments.of(404, 40401, SubjectNotFoundException.class, false),
                Arguments.of(404, 40402, VersionNotFoundException.class, false),
                Arguments.of(404, 40403, SchemaNotFoundException.class, false),
                Arguments.of(404, 40404, SubjectSoftDeletedException.class, false),
                Arguments.of(404, 40405, NotFoundException.class, false),
                Arguments.of(404, 40406, NotFoundException.class, false),
                Arguments.of(404, 40407, NotFoundException.class, false),
                Arguments.of(404, 404, NotFoundException.class, false),
                Arguments.of(409, 409, IncompatibleSchemaException.class, false),
                Arguments.of(422, 42201, InvalidSchemaException.class, false),
                Arguments.of(422, 42202, InvalidVersionException.class, false),
                Arguments.of(422, 42203, InvalidCompatibilityLevelException.class, false),
                Arguments.of(422, 42205, RegistryException.class, false),
                Arguments.of(401, 40101, UnauthorizedException.class, false),
                Arguments.of(401, 401, UnauthorizedException.class, false),
                Arguments.of(403, 40301, UnauthorizedException.class, false),
                Arguments.of(400, 400, RegistryException.class, false),
                Arguments.of(500, 50001, RegistryUnavailableException.class, true),
                Arguments.of(500, 50002, RegistryUnavailableException.class, true),
                Arguments.of(500, 50003, RegistryUnavailableException.class, true),
                Arguments.of(502, 502, RegistryUnavailableException.class, true),
                Arguments.of(503, 503, RegistryUnavailableException.class, true),
                Arguments.of(429, 429, RegistryUnavailableException.class, true),
                Arguments.of(501, 501, RegistryException.class, false));
    }

    @ParameterizedTest(name = "HTTP {0} error code {1} -> {2}")
    @MethodSource("errorResponses")
    void errorResponsesMapToTypedExceptions(
            int status, int errorCode, Class<? extends RegistryException> type, boolean retriable)
            throws Exception {
        server =
                StubRegistryServer.start(
                        request -> Response.error(status, errorCode, "the registry's own words"));

        RegistryException e =
                catchThrowableOfType(
                        RegistryException.class,
                        () ->
                                client(server.url(), Map.of(RegistryClientConfig.MAX_RETRIES, 0))
                                        .lookup(SUBJECT, ORDER));

        assertThat(e).isExactlyInstanceOf(type);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.errorCode()).isEqualTo(errorCode);
        assertThat(e.serverMessage()).contains("the registry's own words");
        assertThat(e.request().operation()).isEqualTo("lookup");
        assertThat(e.request().subject()).contains(SUBJECT);
        assertThat(e.isRetriable()).isEqualTo(retriable);
        assertThat(e)
                .hasMessage(
                        "lookup (subject '"
                                + SUBJECT
                                + "') failed: the registry's own words (HTTP "
                                + status
                                + ", error code "
                                + errorCode
                                + ")");
    }

    @Test
    void exceptionsNameTheVersionAndIdAskedFor() throws Exception {
        server =
                StubRegistryServer.start(
                        request -> Response.error(404, 40402, "Version not found."));
        SchemaRegistryClient client = client(server.url());

        VersionNotFoundException version =
                catchThrowableOfType(
                        VersionNotFoundException.class, () -> client.version(SUBJECT, 9));
        RegistryException id =
                catchThrowableOfType(RegistryException.class, () -> client.schemaById(42));

        assertThat(version.request().version()).contains("9");
        assertThat(version)
                .hasMessageStartingWith("version (subject '" + SUBJECT + "', version 9)");
        assertThat(id.request().schemaId()).hasValue(42);
        assertThat(id).hasMessageStartingWith("schema by id (schema id 42)");
    }

    @Test
    void errorBodyThatIsNotJsonKeepsTheStatusAndTheText() throws Exception {
        server =
                StubRegistryServer.start(
                        request -> new Response(404, "<html><body>no such route</body></html>"));

        RegistryException e =
                catchThrowableOfType(
                        RegistryException.class, () -> client(server.url()).subjects(false));

        assertThat(e).isExactlyInstanceOf(NotFoundException.class);
        assertThat(e.errorCode()).isEqualTo(404);
        assertThat(e.serverMessage()).contains("<html><body>no such route</body></html>");
    }

    @Test
    void retriesA503UntilItSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        server =
                StubRegistryServer.start(
                        request ->
                                attempts.incrementAndGet() < 3
                                        ? Response.error(
                                                503, 50003, "forwarding to the leader failed")
                                        : Response.ok("{\"id\":7}"));

        int id = client(server.url()).register(SUBJECT, ORDER);

        assertThat(id).isEqualTo(7);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void givesUpAfterMaxRetriesWithARetriableException() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        server =
                StubRegistryServer.start(
                        request -> {
                            attempts.incrementAndGet();
                            return Response.error(500, 50001, "Error in the backend datastore");
                        });

        RegistryException e =
                catchThrowableOfType(
                        RegistryException.class,
                        () ->
                                client(server.url(), Map.of(RegistryClientConfig.MAX_RETRIES, 2))
                                        .register(SUBJECT, ORDER));

        assertThat(e).isInstanceOf(RegistryUnavailableException.class);
        assertThat(e.isRetriable()).isTrue();
        assertThat(attempts).hasValue(3);
    }

    @Test
    void doesNotRetryA404() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        server =
                StubRegistryServer.start(
                        request -> {
                            attempts.incrementAndGet();
                            return Response.error(404, 40401, "Subject not found.");
                        });

        assertThatThrownBy(() -> client(server.url()).lookup(SUBJECT, ORDER))
                .isInstanceOf(SubjectNotFoundException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void doesNotRetryA501() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        server =
                StubRegistryServer.start(
                        request -> {
                            attempts.incrementAndGet();
                            return new Response(501, "");
                        });

        assertThatThrownBy(() -> client(server.url()).subjects(false))
                .isExactlyInstanceOf(RegistryException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void sendsBasicAuthFromUserInfo() throws Exception {
        server = StubRegistryServer.start(request -> Response.ok("[]"));

        client(
                        server.url(),
                        Map.of(
                                RegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                                RegistryClientConfig.BASIC_AUTH_USER_INFO,
                                        "replay:s3cret:with-colon"))
                .subjects(false);

        assertThat(server.requests().get(0).header("Authorization"))
                .isEqualTo(basic("replay:s3cret:with-colon"));
    }

    @Test
    void sendsBasicAuthFromTheUrlByDefault() throws Exception {
        server = StubRegistryServer.start(request -> Response.ok("[]"));

        client(server.url().replace("http://", "http://replay:p%40ss@")).subjects(false);

        assertThat(server.requests().get(0).header("Authorization"))
                .isEqualTo(basic("replay:p@ss"));
    }

    @Test
    void sendsNoAuthorizationWithoutCredentials() throws Exception {
        server = StubRegistryServer.start(request -> Response.ok("[]"));

        client(server.url()).subjects(false);

        assertThat(server.requests().get(0).header("Authorization")).isNull();
    }

    @Test
    void sendsTheBearerToken() throws Exception {
        server = StubRegistryServer.start(request -> Response.ok("[]"));

        client(server.url(), Map.of(RegistryClientConfig.BEARER_AUTH_TOKEN, "t0ken"))
                .subjects(false);

        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer t0ken");
    }

    @Test
    void cachedAnswersMakeNoRequest() throws Exception {
        server =
                StubRegistryServer.start(
                        request ->
                                request.path().startsWith("/schemas/ids/")
                                        ? Response.ok(
                                                "{\"schema\":" + quoted(ORDER.toString()) + "}")
                                        : Response.ok(ORDER_RESPONSE));
        SchemaRegistryClient client = client(server.url());

        RegisteredSchema first = client.lookup(SUBJECT, ORDER);
        RegisteredSchema second = client.lookup(SUBJECT, ORDER);
        int registered = client.register(SUBJECT, ORDER);
        Schema byLookedUpId = client.schemaById(7);
        Schema other = client.schemaById(8);
        Schema otherAgain = client.schemaById(8);

        assertThat(second).isEqualTo(first);
        assertThat(registered).isEqualTo(7);
        assertThat(byLookedUpId).isEqualTo(ORDER);
        assertThat(otherAgain).isSameAs(other);
        assertThat(server.requests())
                .extracting(StubRegistryServer.Request::path)
                .containsExactly("/subjects/" + SUBJECT, "/schemas/ids/8");
    }

    @Test
    void failuresAreNotCached() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        server =
                StubRegistryServer.start(
                        request ->
                                attempts.incrementAndGet() == 1
                                        ? Response.error(404, 40403, "Schema not found")
                                        : Response.ok(ORDER_RESPONSE));
        SchemaRegistryClient client = client(server.url());

        assertThatThrownBy(() -> client.lookup(SUBJECT, ORDER))
                .isInstanceOf(SchemaNotFoundException.class);
        assertThat(client.lookup(SUBJECT, ORDER).id()).isEqualTo(7);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void deletingASubjectForgetsItsCachedIds() throws Exception {
        server =
                StubRegistryServer.start(
                        request ->
                                request.method().equals("DELETE")
                                        ? Response.ok("[1]")
                                        : Response.ok("{\"id\":7}"));
        SchemaRegistryClient client = client(server.url());

        client.register(SUBJECT, ORDER);
        client.deleteSubject(SUBJECT, false);
        client.register(SUBJECT, ORDER);

        assertThat(server.requests())
                .extracting(StubRegistryServer.Request::method)
                .containsExactly("POST", "DELETE", "POST");
    }

    @Test
    void zeroCacheCapacityTurnsCachingOff() throws Exception {
        server = StubRegistryServer.start(request -> Response.ok("{\"id\":7}"));
        SchemaRegistryClient client =
                client(server.url(), Map.of(RegistryClientConfig.CACHE_CAPACITY, 0));

        client.register(SUBJECT, ORDER);
        client.register(SUBJECT, ORDER);

        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void failsOverToTheNextUrlWithoutCountingARetry() throws Exception {
        server = StubRegistryServer.start(request -> Response.ok("[\"a-value\"]"));
        String deadUrl = "http://127.0.0.1:" + freePort();
        SchemaRegistryClient client =
                client(deadUrl + "," + server.url(), Map.of(RegistryClientConfig.MAX_RETRIES, 0));

        assertThat(client.subjects(false)).containsExactly("a-value");
        assertThat(client.subjects(false)).containsExactly("a-value");

        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void noUrlAnsweringIsRetriableAndNamesEveryUrl() throws Exception {
        String first = "http://127.0.0.1:" + freePort();
        String second = "http://127.0.0.1:" + freePort();

        RegistryException e =
                catchThrowableOfType(
                        RegistryException.class,
                        () ->
                                client(
                                                first + "," + second,
                                                Map.of(RegistryClientConfig.MAX_RETRIES, 1))
                                        .subjects(false));

        assertThat(e).isInstanceOf(RegistryUnavailableException.class);
        assertThat(e.isRetriable()).isTrue();
        assertThat(e.httpStatus()).isZero();
        assertThat(e)
                .hasMessageContaining("no registry URL answered")
                .hasMessageContaining(first)
                .hasMessageContaining(second);
    }

    @Test
    void interruptedCallerStopsAndKeepsItsInterruptFlag() throws Exception {
        server = StubRegistryServer.start(request -> Response.error(503, 503, "busy"));
        SchemaRegistryClient client =
                client(
                        server.url(),
                        Map.of(
                                RegistryClientConfig.MAX_RETRIES, 5,
                                RegistryClientConfig.RETRY_BACKOFF_MS, 60_000));

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> client.subjects(false))
                    .isExactlyInstanceOf(RegistryException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    private static HttpSchemaRegistryClient client(String url) {
        return client(url, Map.of());
    }

    private static HttpSchemaRegistryClient client(String url, Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(RegistryClientConfig.URL, url);
        settings.put(RegistryClientConfig.RETRY_BACKOFF_MS, 1);
        settings.put(RegistryClientConfig.REQUEST_TIMEOUT_MS, 5_000);
        settings.putAll(extra);
        return new HttpSchemaRegistryClient(RegistryClientConfig.from(settings));
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(UTF_8));
    }

    private static String quoted(String text) {
        try {
            return new ObjectMapper().writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port nothing listens on: connecting to it is refused at once. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
