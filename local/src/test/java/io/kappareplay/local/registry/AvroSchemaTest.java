package io.kappareplay.local.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AvroSchemaTest {

    @Test
    void whitespaceAndAttributeOrderDoNotChangeTheCanonicalText() {
        AvroSchema compact = AvroSchema.parse("s", TestSchemas.USER);
        AvroSchema reformatted = AvroSchema.parse("s", TestSchemas.USER_REFORMATTED);

        assertThat(reformatted.canonical()).isEqualTo(compact.canonical());
        assertThat(compact.canonical()).isEqualTo(compact.schema().toString());
    }

    @Test
    void primitiveSchemasParse() {
        assertThat(AvroSchema.parse("s", "\"string\"").canonical()).isEqualTo("\"string\"");
        assertThat(AvroSchema.parse("s", "{\"type\": \"long\"}").canonical()).isEqualTo("\"long\"");
    }

    @Test
    void textThatIsNotASchemaIsError42201NamingTheSubject() {
        assertThatThrownBy(() -> AvroSchema.parse("orders-value", "{\"type\":\"recordd\"}"))
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(422);
                            assertThat(e.errorCode()).isEqualTo(42201);
                            assertThat(e.getMessage()).contains("orders-value");
                        });
        assertThatThrownBy(() -> AvroSchema.parse("s", "not json"))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201));
        assertThatThrownBy(() -> AvroSchema.parse("s", " "))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.getMessage()).contains("empty"));
    }

    @Test
    void aDefaultOfTheWrongTypeIsRejected() {
        assertThatThrownBy(() -> AvroSchema.parse("s", TestSchemas.withA("int", "\"x\"")))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201));
    }
}
