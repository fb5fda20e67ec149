package io.kappareplay.local.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.local.registry.RegistryRecord.ConfigKey;
import io.kappareplay.local.registry.RegistryRecord.SchemaKey;
import io.kappareplay.local.registry.RegistryRecord.SchemaValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryRecordFormatTest {
    private final RegistryRecordFormat format = new RegistryRecordFormat();

    @Test
    void schemaRecordsUseConfluentsLayout() {
        RegistryRecord record =
                RegistryRecord.schema(new SchemaValue("orders-value", 2, 7, "\"string\"", false));

        assertThat(new String(format.key(record.key()), UTF_8))
                .isEqualTo(
                        "{\"keytype\":\"SCHEMA\",\"subject\":\"orders-value\",\"version\":2,\"magic\":1}");
        assertThat(new String(format.value(record.value()), UTF_8))
                .isEqualTo(
                        "{\"subject\":\"orders-value\",\"version\":2,\"id\":7,"
                                + "\"schema\":\"\\\"string\\\"\",\"deleted\":false}");
    }

    @Test
    void configRecordsUseConfluentsLayout() {
        assertThat(new String(format.key(new ConfigKey(null)), UTF_8))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(new String(format.key(new ConfigKey("s")), UTF_8))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"s\",\"magic\":0}");
        assertThat(
                        new String(
                                format.value(
                                        RegistryRecord.config("s", CompatibilityLevel.FULL)
                                                .value()),
                                UTF_8))
                .isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
    }

    @Test
    void everyRecordReadsBackAsWritten() {
        List<RegistryRecord> records =
                List.of(
                        RegistryRecord.schema(new SchemaValue("a", 1, 1, "\"int\"", false)),
                        RegistryRecord.schema(new SchemaValue("a", 1, 1, "\"int\"", true)),
                        RegistryRecord.tombstone(new SchemaKey("a", 1)),
                        RegistryRecord.config(null, CompatibilityLevel.NONE),
                        RegistryRecord.config("a", CompatibilityLevel.FORWARD_TRANSITIVE),
                        RegistryRecord.tombstone(new ConfigKey("a")),
                        RegistryRecord.tombstone(new ConfigKey(null)),
                        RegistryRecord.idWatermark(42));

        for (RegistryRecord record : records) {
            assertThat(format.read(format.key(record.key()), format.value(record.value())))
                    .contains(record);
        }
    }

    @Test
    void recordsAnotherRegistryWroteAreRead() {
        // Confluent's field order, its schemaType field and whitespace.
        byte[] key =
                "{\"magic\":1, \"keytype\":\"SCHEMA\", \"subject\":\"s\", \"version\":3}"
                        .getBytes(UTF_8);
        byte[] value =
                ("{\"schemaType\":\"AVRO\",\"deleted\":true,\"id\":9,\"schema\":\"\\\"long\\\"\","
                                + "\"version\":3,\"subject\":\"s\"}")
                        .getBytes(UTF_8);

        assertThat(format.read(key, value))
                .contains(RegistryRecord.schema(new SchemaValue("s", 3, 9, "\"long\"", true)));
    }

    @Test
    void keyTypesThisRegistryDoesNotUseAreSkipped() {
        assertThat(format.read("{\"keytype\":\"NOOP\",\"magic\":0}".getBytes(UTF_8), null))
                .isEmpty();
        assertThat(
                        format.read(
                                "{\"keytype\":\"MODE\",\"subject\":null,\"magic\":0}"
                                        .getBytes(UTF_8),
                                "{\"mode\":\"READWRITE\"}".getBytes(UTF_8)))
                .isEmpty();
        assertThat(
                        format.read(
                                "{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"s\",\"magic\":0}"
                                        .getBytes(UTF_8),
                                "{\"subject\":\"s\",\"version\":2}".getBytes(UTF_8)))
                .isEmpty();
        for (String keyType : List.of("CLEAR_SUBJECT", "CONTEXT")) {
            assertThat(
                            format.read(
                                    ("{\"keytype\":\"" + keyType + "\",\"magic\":0}")
                                            .getBytes(UTF_8),
                                    "{}".getBytes(UTF_8)))
                    .isEmpty();
        }
    }

    @Test
    void aKeyTypeNeitherReadNorKnowinglyIgnoredIsRejected() {
        assertThatThrownBy(
                        () ->
                                format.read(
                                        "{\"keytype\":\"SCHEMA_V2\",\"magic\":0}".getBytes(UTF_8),
                                        "{\"id\":12}".getBytes(UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown keytype \"SCHEMA_V2\"");
        assertThatThrownBy(() -> format.read("{\"magic\":0}".getBytes(UTF_8), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"keytype\"");
    }

    @Test
    void theHighestIdMentionedIsFoundEvenInBrokenJson() {
        assertThat(
                        RegistryRecordFormat.highestIdMentioned(
                                "{\"keytype\":\"SCHEMA\",\"version\":99}".getBytes(UTF_8),
                                "{\"subject\":\"s\",\"version\":99,\"id\": 17,\"schema\":"
                                        .getBytes(UTF_8)))
                .hasValue(17);
        assertThat(
                        RegistryRecordFormat.highestIdMentioned(
                                null, "{\"maxId\":40,\"id\":3}".getBytes(UTF_8)))
                .hasValue(40);
        // A field named id inside a schema's text is escaped: not an id of the registry.
        assertThat(
                        RegistryRecordFormat.highestIdMentioned(
                                null,
                                "{\"schema\":\"{\\\"id\\\":500}\",\"version\":1}".getBytes(UTF_8)))
                .isEmpty();
        assertThat(RegistryRecordFormat.highestIdMentioned("not json".getBytes(UTF_8), null))
                .isEmpty();
        assertThat(
                        RegistryRecordFormat.highestIdMentioned(
                                null, "{\"id\":99999999999}".getBytes(UTF_8)))
                .as("beyond an int: not an id")
                .isEmpty();
    }

    @Test
    void malformedRecordsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> format.read("not json".getBytes(UTF_8), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key is not JSON");
        assertThatThrownBy(() -> format.read(null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no key");
        assertThatThrownBy(
                        () ->
                                format.read(
                                        "{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"magic\":1}"
                                                .getBytes(UTF_8),
                                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"version\"");
        assertThatThrownBy(
                        () ->
                                format.read(
                                        "{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}"
                                                .getBytes(UTF_8),
                                        "{\"compatibilityLevel\":\"SIDEWAYS\"}".getBytes(UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SIDEWAYS");
    }

    @Test
    void aValueThatDoesNotMatchItsKeyIsRejected() {
        byte[] key =
                "{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}"
                        .getBytes(UTF_8);
        byte[] value = format.value(new SchemaValue("other", 1, 1, "\"int\"", false));

        assertThatThrownBy(() -> format.read(key, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match");
    }
}
