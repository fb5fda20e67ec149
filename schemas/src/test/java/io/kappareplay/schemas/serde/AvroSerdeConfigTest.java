package io.kappareplay.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {
    private static final String READER =
            "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";

    @Test
    void defaults() {
        AvroSerdeConfig config = AvroSerdeConfig.defaults();

        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.specificAvroReader()).isFalse();
        assertThat(config.readerSchema()).isEmpty();
    }

    @Test
    void everyKeyMapsToItsField() {
        AvroSerdeConfig serializer =
                AvroSerdeConfig.from(
                        Map.of(
                                "auto.register.schemas", "false",
                                "key.subject.name.strategy",
                                        "io.confluent.kafka.serializers.subject.TopicNameStrategy",
                                "value.subject.name.strategy", "TopicNameStrategy"));
        AvroSerdeConfig specific = AvroSerdeConfig.from(Map.of("specific.avro.reader", true));
        AvroSerdeConfig projecting =
                AvroSerdeConfig.from(Map.of("kappa.serde.reader.schema", READER));

        assertThat(serializer.autoRegisterSchemas()).isFalse();
        assertThat(specific.specificAvroReader()).isTrue();
        assertThat(projecting.readerSchema()).contains(new Schema.Parser().parse(READER));
    }

    @Test
    void keyNamesAreConfluentsWhereConfluentHasThem() {
        assertThat(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS).isEqualTo("auto.register.schemas");
        assertThat(AvroSerdeConfig.SPECIFIC_AVRO_READER).isEqualTo("specific.avro.reader");
        assertThat(AvroSerdeConfig.READER_SCHEMA).isEqualTo("kappa.serde.reader.schema");
        assertThat(AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY)
                .isEqualTo("key.subject.name.strategy");
        assertThat(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY)
                .isEqualTo("value.subject.name.strategy");
    }

    @Test
    void badBooleanNamesKeyAndValue() {
        assertThatThrownBy(() -> AvroSerdeConfig.from(Map.of("auto.register.schemas", "yes")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "Invalid value yes for configuration auto.register.schemas: expected true or"
                                + " false");
    }

    @Test
    void readerSchemaMustParse() {
        assertThatThrownBy(
                        () ->
                                AvroSerdeConfig.from(
                                        Map.of(
                                                "kappa.serde.reader.schema",
                                                "{\"type\":\"recrod\"}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "Invalid value {\"type\":\"recrod\"} for configuration kappa.serde.reader.schema:"
                                + " expected an Avro schema as JSON");
    }

    @Test
    void specificReaderAndReaderSchemaExcludeEachOther() {
        assertThatThrownBy(
                        () ->
                                AvroSerdeConfig.from(
                                        Map.of(
                                                "specific.avro.reader",
                                                "true",
                                                "kappa.serde.reader.schema",
                                                READER)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "specific.avro.reader=true and kappa.serde.reader.schema both choose the reader"
                                + " schema: set one of them");
    }

    @Test
    void otherSubjectNameStrategiesAreRefused() {
        assertThatThrownBy(
                        () ->
                                AvroSerdeConfig.from(
                                        Map.of(
                                                "value.subject.name.strategy",
                                                "io.confluent.kafka.serializers.subject.RecordNameStrategy")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("value.subject.name.strategy")
                .hasMessageContaining("RecordNameStrategy")
                .hasMessageContaining("only the topic-name strategy is supported");
    }

    @Test
    void confluentFeaturesThisSerdeLacksAreRefusedNotIgnored() {
        for (Map.Entry<String, Object> setting :
                Map.<String, Object>of(
                                "use.latest.version",
                                true,
                                "use.schema.id",
                                12,
                                "normalize.schemas",
                                "true",
                                "schema.reflection",
                                "TRUE",
                                "avro.use.logical.type.converters",
                                true)
                        .entrySet()) {
            assertThatThrownBy(() -> AvroSerdeConfig.from(Map.ofEntries(setting)))
                    .as(setting.getKey())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(
                            "Invalid value "
                                    + setting.getValue()
                                    + " for configuration "
                                    + setting.getKey()
                                    + ": not supported by the Kappa Replay serde (")
                    .hasMessageEndingWith("): remove the setting");
        }
        assertThatThrownBy(() -> AvroSerdeConfig.from(Map.of("use.latest.version", "true")))
                .hasMessageContaining("the serializer writes every record with its own schema");
    }

    @Test
    void confluentFeaturesLeftOffAreFine() {
        AvroSerdeConfig config =
                AvroSerdeConfig.from(
                        Map.of(
                                "use.latest.version", false,
                                "use.schema.id", "-1",
                                "normalize.schemas", "false",
                                "schema.reflection", "false",
                                "avro.use.logical.type.converters", "false"));

        assertThat(config.autoRegisterSchemas()).isTrue();
    }

    @Test
    void kafkaPasswordsAreRevealedForTheRegistryClient() {
        Map<String, Object> plain =
                AvroSerdeConfig.revealPasswords(
                        Map.of(
                                "schema.registry.ssl.truststore.password",
                                new Password("s3cret"),
                                "schema.registry.url",
                                "http://localhost:8081"));

        assertThat(plain)
                .containsEntry("schema.registry.ssl.truststore.password", "s3cret")
                .containsEntry("schema.registry.url", "http://localhost:8081");
    }
}
