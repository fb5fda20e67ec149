package io.kappareplay.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** {@link HttpSchemaRegistryClient} against the real registry of {@code local/}. */
class RegistryClientIT {
    private static final String ORDER =
            """
            {"type":"record","name":"Order","namespace":"test","doc":"An order.","fields":[
            {"name":"orderId","type":"string","doc":"The business key."},
            {"name":"amountCents","type":"long","default":0}]}""";

    // The same schema: other whitespace, other order of attributes in the record and its fields.
    private static final String ORDER_REFORMATTED =
            """
            {
              "fields" : [
                { "doc" : "The business key.", "type" : "string", "name" : "orderId" },
                { "default" : 0, "name" : "amountCents", "type" : "long" }
              ],
              "doc" : "An order.",
              "namespace" : "test",
              "name" : "Order",
              "type" : "record"
            }
            """;

    private static final String ORDER_WITHOUT_DEFAULT_AND_NEW_FIELD =
            """
            {"type":"record","name":"Order","namespace":"test","fields":[
            {"name":"orderId","type":"string"},
            {"name":"customer","type":"string"}]}""";

    @Test
    void sameSchemaWrittenDifferentlyGetsTheSameId() {
        String subject = newSubject();
        SchemaRegistryClient first = client(TestingRegistry.shared().clientProperties());
        // A second client has nothing cached: the registry itself must find the schema.
        SchemaRegistryClient second = client(TestingRegistry.shared().clientProperties());

        int id = first.register(subject, parse(ORDER));
        int again = second.register(subject, parse(ORDER_REFORMATTED));
        RegisteredSchema found = second.lookup(subject, parse(ORDER_REFORMATTED));

        assertThat(again).isEqualTo(id);
        assertThat(found.id()).isEqualTo(id);
        assertThat(found.version()).isEqualTo(1);
        assertThat(second.versions(subject)).containsExactly(1);
        assertThat(second.schemaById(id)).isEqualTo(parse(ORDER));
    }

    @Test
    void restOperationsBehaveAsTheClientExpects() {
        String subject = newSubject();
        SchemaRegistryClient registry = client(TestingRegistry.shared().clientProperties());

        assertThatThrownBy(() -> registry.latestVersion(subject))
                .isInstanceOf(SubjectNotFoundException.class);
        int id = registry.register(subject, parse(ORDER));
        assertThat(registry.subjects(false)).contains(subject);
        assertThat(registry.latestVersion(subject))
                .isEqualTo(new RegisteredSchema(subject, id, 1, parse(ORDER)));
        assertThat(registry.version(subject, 1).id()).isEqualTo(id);
        assertThatThrownBy(() -> registry.version(subject, 2))
                .isInstanceOf(VersionNotFoundException.class);
        assertThatThrownBy(() -> registry.schemaById(Integer.MAX_VALUE))
                .isInstanceOf(SchemaNotFoundException.class);

        registry.setSubjectCompatibility(subject, CompatibilityLevel.BACKWARD);
        assertThat(registry.subjectCompatibility(subject)).contains(CompatibilityLevel.BACKWARD);
        CompatibilityResult result =
                registry.testCompatibilityWithLatest(
                        subject, parse(ORDER_WITHOUT_DEFAULT_AND_NEW_FIELD));
        assertThat(result.compatible()).isFalse();
        assertThat(result.messages()).isNotEmpty();
        IncompatibleSchemaException incompatible =
                catchThrowableOfType(
                        IncompatibleSchemaException.class,
                        () ->
                                registry.register(
                                        subject, parse(ORDER_WITHOUT_DEFAULT_AND_NEW_FIELD)));
        assertThat(incompatible.httpStatus()).isEqualTo(409);
        assertThat(incompatible.request().subject()).contains(subject);

        assertThat(registry.deleteSubject(subject, false)).containsExactly(1);
        assertThat(registry.subjects(false)).doesNotContain(subject);
        assertThat(registry.subjects(true)).contains(subject);
        assertThat(registry.deleteSubject(subject, true)).containsExactly(1);
        assertThat(registry.subjects(true)).doesNotContain(subject);
    }

    /**
     * A delete sent twice gets the answers the client takes, after a lost first answer, as "already
     * deleted": the codes {@link HttpSchemaRegistryClient#deleteSubject} and {@link
     * HttpSchemaRegistryClient#deleteVersion} accept are the ones a real registry gives.
     */
    @Test
    void repeatedDeletesGetTheAnswersTheClientTakesAsAlreadyDeleted() {
        String subject = newSubject();
        SchemaRegistryClient registry = client(TestingRegistry.shared().clientProperties());
        registry.register(subject, parse(ORDER));
        registry.register(subject, parse(ORDER_REFORMATTED.replace("An order.", "An order!")));

        assertThat(registry.deleteVersion(subject, 2, false)).isEqualTo(2);
        assertThat(
                        catchThrowableOfType(
                                        NotFoundException.class,
                                        () -> registry.deleteVersion(subject, 2, false))
                                .errorCode())
                .isEqualTo(40406);
        assertThat(registry.deleteVersion(subject, 2, true)).isEqualTo(2);
        assertThatThrownBy(() -> registry.deleteVersion(subject, 2, true))
                .isInstanceOf(VersionNotFoundException.class);

        assertThat(registry.deleteSubject(subject, false)).containsExactly(1);
        assertThatThrownBy(() -> registry.deleteSubject(subject, false))
                .isInstanceOf(SubjectSoftDeletedException.class);
        assertThat(registry.deleteSubject(subject, true)).containsExactly(1);
        assertThatThrownBy(() -> registry.deleteSubject(subject, true))
                .isInstanceOf(SubjectNotFoundException.class);
        assertThatThrownBy(() -> registry.deleteVersion(subject, 1, true))
                .isInstanceOf(SubjectNotFoundException.class);
    }

    @Test
    void secureRegistryRefusesAClientWithoutCredentialsAndServesOneWithThem() throws Exception {
        try (TestingKafka kafka = TestingKafka.startSecure();
                TestingRegistry registry = TestingRegistry.start(kafka)) {
            Map<String, String> withCredentials = registry.clientProperties();
            assertThat(withCredentials)
                    .containsKeys(
                            RegistryClientConfig.BASIC_AUTH_USER_INFO,
                            RegistryClientConfig.TRUSTSTORE_LOCATION);
            Map<String, String> withoutCredentials = new HashMap<>(withCredentials);
            withoutCredentials.remove(RegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE);
            withoutCredentials.remove(RegistryClientConfig.BASIC_AUTH_USER_INFO);
            Map<String, String> wrongPassword = new HashMap<>(withCredentials);
            String user =
                    withCredentials.get(RegistryClientConfig.BASIC_AUTH_USER_INFO).split(":")[0];
            wrongPassword.put(RegistryClientConfig.BASIC_AUTH_USER_INFO, user + ":wrong-password");

            UnauthorizedException refused =
                    catchThrowableOfType(
                            UnauthorizedException.class,
                            () -> client(withoutCredentials).subjects(false));
            assertThat(refused.httpStatus()).isEqualTo(401);
            assertThat(refused.isRetriable()).isFalse();
            assertThatThrownBy(() -> client(wrongPassword).subjects(false))
                    .isInstanceOf(UnauthorizedException.class);

            SchemaRegistryClient authorized = client(withCredentials);
            String subject = newSubject();
            int id = authorized.register(subject, parse(ORDER));
            assertThat(authorized.schemaById(id)).isEqualTo(parse(ORDER));
            assertThat(authorized.subjects(false)).contains(subject);
        }
    }

    private static SchemaRegistryClient client(Map<String, String> properties) {
        return new HttpSchemaRegistryClient(RegistryClientConfig.from(properties));
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    private static String newSubject() {
        return "kappa.registry-it-"
                + UUID.randomUUID().toString().substring(0, 8)
                + ".ingress-value";
    }
}
