package io.kappareplay.local.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.local.registry.RegistryHttp.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the Confluent REST API that Kappa Replay relies on, against the real server.
 */
class RegistryConformanceIT {
    static final String ORDER_V1 =
            """
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":"string"},
              {"name":"amount","type":"double"}]}""";

    /** Adds a field with a default: BACKWARD compatible with v1, and FORWARD too. */
    static final String ORDER_V2 =
            """
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":"string"},
              {"name":"amount","type":"double"},
              {"name":"currency","type":"string","default":"EUR"}]}""";

    /** Adds a field without a default: new readers cannot read old data (not BACKWARD). */
    static final String ORDER_REQUIRED_FIELD =
            """
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":"string"},
              {"name":"amount","type":"double"},
              {"name":"customer","type":"string"}]}""";

    private static TestingRegistry registry;
    private static RegistryHttp http;

    @BeforeAll
    static void startRegistry() {
        registry = TestingRegistry.start(TestingKafka.shared());
        http = RegistryHttp.plain(registry.url());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void registerIsIdempotentAndIdsAreGlobal() {
        Response first = http.register("conf-a-value", ORDER_V1);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).startsWith(RegistryHttp.CONTENT_TYPE);
        int id = first.body().get("id").asInt();

        assertThat(http.register("conf-a-value", ORDER_V1).body().get("id").asInt()).isEqualTo(id);
        assertThat(http.register("conf-b-value", ORDER_V1).body().get("id").asInt()).isEqualTo(id);
        assertThat(http.get("/subjects/conf-a-value/versions").body().toString()).isEqualTo("[1]");
    }

    @Test
    void sameSchemaWithOtherWhitespaceAndAttributeOrderGetsTheSameId() {
        int id = http.register("conf-canonical-value", ORDER_V1).body().get("id").asInt();
        String reordered =
                "{ \"namespace\" : \"shop\",\n  \"fields\" : [ { \"type\" : \"string\", \"name\" : \"id\" },\n"
                        + "   {\"type\":\"double\",   \"name\":\"amount\"} ],\n \"name\": \"Order\", \"type\": \"record\" }";
        Response again = http.register("conf-canonical-value", reordered);
        assertThat(again.body().get("id").asInt()).isEqualTo(id);
        assertThat(http.get("/subjects/conf-canonical-value/versions").body().toString())
                .isEqualTo("[1]");
    }

    @Test
    void lookupGetByIdAndVersions() {
        int id1 = http.register("conf-lookup-value", ORDER_V1).body().get("id").asInt();
        int id2 = http.register("conf-lookup-value", ORDER_V2).body().get("id").asInt();
        assertThat(id2).isNotEqualTo(id1);

        Response lookup = http.post("/subjects/conf-lookup-value", Map.of("schema", ORDER_V1));
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.body().get("subject").asText()).isEqualTo("conf-lookup-value");
        assertThat(lookup.body().get("id").asInt()).isEqualTo(id1);
        assertThat(lookup.body().get("version").asInt()).isEqualTo(1);
        assertThat(lookup.body().get("schema").asText()).contains("\"Order\"");

        Response byId = http.get("/schemas/ids/" + id2);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.body().get("schema").asText()).contains("currency");

        assertThat(http.get("/subjects/conf-lookup-value/versions").body().toString())
                .isEqualTo("[1,2]");
        Response latest = http.get("/subjects/conf-lookup-value/versions/latest");
        assertThat(latest.body().get("version").asInt()).isEqualTo(2);
        assertThat(latest.body().get("id").asInt()).isEqualTo(id2);
        assertThat(
                        http.get("/subjects/conf-lookup-value/versions/-1")
                                .body()
                                .get("version")
                                .asInt())
                .isEqualTo(2);
        Response first = http.get("/subjects/conf-lookup-value/versions/1");
        assertThat(first.body().get("id").asInt()).isEqualTo(id1);
        assertThat(first.body().get("subject").asText()).isEqualTo("conf-lookup-value");

        assertThat(http.get("/subjects").body().toString()).contains("\"conf-lookup-value\"");
    }

    @Test
    void unknownSubjectVersionAndIdGiveConfluentErrorCodes() {
        http.register("conf-errors-value", ORDER_V1);

        Response unknownSubject = http.get("/subjects/conf-no-such-subject/versions");
        assertThat(unknownSubject.status()).isEqualTo(404);
        assertThat(unknownSubject.errorCode()).isEqualTo(40401);
        assertThat(unknownSubject.message()).contains("conf-no-such-subject");

        Response lookupUnknownSubject =
                http.post("/subjects/conf-no-such-subject", Map.of("schema", ORDER_V1));
        assertThat(lookupUnknownSubject.errorCode()).isEqualTo(40401);

        Response unknownSchemaUnderSubject =
                http.post("/subjects/conf-errors-value", Map.of("schema", ORDER_V2));
        assertThat(unknownSchemaUnderSubject.status()).isEqualTo(404);
        assertThat(unknownSchemaUnderSubject.errorCode()).isEqualTo(40403);

        Response unknownVersion = http.get("/subjects/conf-errors-value/versions/7");
        assertThat(unknownVersion.status()).isEqualTo(404);
        assertThat(unknownVersion.errorCode()).isEqualTo(40402);

        Response invalidVersion = http.get("/subjects/conf-errors-value/versions/abc");
        assertThat(invalidVersion.status()).isEqualTo(422);
        assertThat(invalidVersion.errorCode()).isEqualTo(42202);

        Response unknownId = http.get("/schemas/ids/987654");
        assertThat(unknownId.status()).isEqualTo(404);
        assertThat(unknownId.errorCode()).isEqualTo(40403);
        assertThat(unknownId.message()).contains("987654");
    }

    @Test
    void unparsableSchemaIs42201() {
        Response response = http.register("conf-invalid-value", "{\"type\":\"record\",\"name\":");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.errorCode()).isEqualTo(42201);

        Response unknownType =
                http.register(
                        "conf-invalid-value",
                        "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"strnig\"}]}");
        assertThat(unknownType.errorCode()).isEqualTo(42201);
    }

    @Test
    void incompatibleSchemaUnderBackwardIs409AndRegistersNothing() {
        http.register("conf-compat-value", ORDER_V1);
        Response response = http.register("conf-compat-value", ORDER_REQUIRED_FIELD);
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.errorCode()).isEqualTo(409);
        assertThat(response.message()).contains("conf-compat-value");
        assertThat(http.get("/subjects/conf-compat-value/versions").body().toString())
                .isEqualTo("[1]");

        assertThat(http.register("conf-compat-value", ORDER_V2).status()).isEqualTo(200);
    }

    @Test
    void compatibilityEndpointAnswersPerVersionWithMessagesWhenVerbose() {
        http.register("conf-check-value", ORDER_V1);
        Response compatible =
                http.post(
                        "/compatibility/subjects/conf-check-value/versions/latest",
                        Map.of("schema", ORDER_V2));
        assertThat(compatible.status()).isEqualTo(200);
        assertThat(compatible.body().get("is_compatible").asBoolean()).isTrue();

        Response incompatible =
                http.post(
                        "/compatibility/subjects/conf-check-value/versions/1?verbose=true",
                        Map.of("schema", ORDER_REQUIRED_FIELD));
        assertThat(incompatible.body().get("is_compatible").asBoolean()).isFalse();
        assertThat(incompatible.body().get("messages").toString()).contains("customer");

        assertThat(
                        http.post(
                                        "/compatibility/subjects/conf-no-such/versions/latest",
                                        Map.of("schema", ORDER_V2))
                                .errorCode())
                .isEqualTo(40401);
        assertThat(
                        http.post(
                                        "/compatibility/subjects/conf-check-value/versions/9",
                                        Map.of("schema", ORDER_V2))
                                .errorCode())
                .isEqualTo(40402);
    }

    @Test
    void everyCompatibilityLevelIsEnforced() {
        // FORWARD: the latest schema must read data of the new one; dropping a field with no
        // default from the reader's view is fine, adding a required field is too.
        configure("conf-forward-value", "FORWARD");
        http.register("conf-forward-value", ORDER_V1);
        assertThat(http.register("conf-forward-value", ORDER_REQUIRED_FIELD).status())
                .isEqualTo(200);

        // FULL: both directions; a field added without default is not backward compatible.
        configure("conf-full-value", "FULL");
        http.register("conf-full-value", ORDER_V1);
        assertThat(http.register("conf-full-value", ORDER_REQUIRED_FIELD).status()).isEqualTo(409);
        assertThat(http.register("conf-full-value", ORDER_V2).status()).isEqualTo(200);

        // NONE accepts anything.
        configure("conf-none-value", "NONE");
        http.register("conf-none-value", ORDER_V1);
        assertThat(http.register("conf-none-value", "\"string\"").status()).isEqualTo(200);

        // BACKWARD_TRANSITIVE checks every live version, BACKWARD only the latest:
        // v1 {id}, v2 {id, amount?=default} then v3 {id, amount required} reads v2 but not v1.
        String v1 =
                "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
        String v2 =
                "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
                        + "{\"name\":\"n\",\"type\":\"int\",\"default\":0}]}";
        String v3 =
                "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
                        + "{\"name\":\"n\",\"type\":\"int\"}]}";
        configure("conf-transitive-value", "BACKWARD_TRANSITIVE");
        http.register("conf-transitive-value", v1);
        http.register("conf-transitive-value", v2);
        assertThat(http.register("conf-transitive-value", v3).status()).isEqualTo(409);
        configure("conf-latest-only-value", "BACKWARD");
        http.register("conf-latest-only-value", v1);
        http.register("conf-latest-only-value", v2);
        assertThat(http.register("conf-latest-only-value", v3).status()).isEqualTo(200);
    }

    @Test
    void globalAndSubjectConfig() {
        assertThat(http.get("/config").body().get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");

        Response noSubjectLevel = http.get("/config/conf-config-value");
        assertThat(noSubjectLevel.status()).isEqualTo(404);
        assertThat(noSubjectLevel.errorCode()).isEqualTo(40408);
        assertThat(
                        http.get("/config/conf-config-value?defaultToGlobal=true")
                                .body()
                                .get("compatibilityLevel")
                                .asText())
                .isEqualTo("BACKWARD");

        Response set =
                http.put("/config/conf-config-value", Map.of("compatibility", "FULL_TRANSITIVE"));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body().get("compatibility").asText()).isEqualTo("FULL_TRANSITIVE");
        assertThat(http.get("/config/conf-config-value").body().get("compatibilityLevel").asText())
                .isEqualTo("FULL_TRANSITIVE");

        Response invalid =
                http.put("/config/conf-config-value", Map.of("compatibility", "SIDEWAYS"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42203);

        Response removed = http.delete("/config/conf-config-value");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(http.get("/config/conf-config-value").errorCode()).isEqualTo(40408);
    }

    @Test
    void softAndPermanentDeletes() {
        int id = http.register("conf-delete-value", ORDER_V1).body().get("id").asInt();
        http.register("conf-delete-value", ORDER_V2);

        Response permanentFirst =
                http.delete("/subjects/conf-delete-value/versions/1?permanent=true");
        assertThat(permanentFirst.errorCode()).isEqualTo(40407);

        Response softVersion = http.delete("/subjects/conf-delete-value/versions/1");
        assertThat(softVersion.status()).isEqualTo(200);
        assertThat(softVersion.body().asInt()).isEqualTo(1);
        assertThat(http.get("/subjects/conf-delete-value/versions").body().toString())
                .isEqualTo("[2]");
        assertThat(http.delete("/subjects/conf-delete-value/versions/1").errorCode())
                .isEqualTo(40406);
        // A soft-deleted version's schema stays readable by id: old records still decode.
        assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);

        Response permanentSubjectFirst = http.delete("/subjects/conf-delete-value?permanent=true");
        assertThat(permanentSubjectFirst.errorCode()).isEqualTo(40405);
        Response softSubject = http.delete("/subjects/conf-delete-value");
        assertThat(softSubject.status()).isEqualTo(200);
        assertThat(softSubject.body().toString()).isEqualTo("[2]");
        assertThat(http.get("/subjects").body().toString()).doesNotContain("\"conf-delete-value\"");
        assertThat(http.get("/subjects?deleted=true").body().toString())
                .contains("\"conf-delete-value\"");
        assertThat(http.get("/subjects/conf-delete-value/versions").errorCode()).isEqualTo(40401);
        assertThat(http.delete("/subjects/conf-delete-value").errorCode()).isEqualTo(40404);

        Response permanent = http.delete("/subjects/conf-delete-value?permanent=true");
        assertThat(permanent.status()).isEqualTo(200);
        assertThat(http.get("/subjects?deleted=true").body().toString())
                .doesNotContain("\"conf-delete-value\"");
    }

    @Test
    void unknownRouteAndMalformedBodyAreJsonErrors() {
        Response unknown = http.get("/no/such/route");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().has("error_code")).isTrue();

        Response malformed =
                http.send("POST", "/subjects/conf-malformed-value/versions", "{not json");
        assertThat(malformed.status()).isEqualTo(422);
        assertThat(malformed.body().has("error_code")).isTrue();
    }

    private static void configure(String subject, String level) {
        assertThat(http.put("/config/" + subject, Map.of("compatibility", level)).status())
                .isEqualTo(200);
    }
}
