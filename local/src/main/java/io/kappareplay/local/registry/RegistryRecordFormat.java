package io.kappareplay.local.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kappareplay.local.registry.RegistryRecord.ConfigKey;
import io.kappareplay.local.registry.RegistryRecord.ConfigValue;
import io.kappareplay.local.registry.RegistryRecord.IdWatermarkKey;
import io.kappareplay.local.registry.RegistryRecord.IdWatermarkValue;
import io.kappareplay.local.registry.RegistryRecord.SchemaKey;
import io.kappareplay.local.registry.RegistryRecord.SchemaValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON of the registry's topic, Confluent's layout: key {@code
 * {"keytype":"SCHEMA","subject":..,"version":..,"magic":1}} with value {@code
 * {"subject","version","id","schema","deleted"}}; key {@code
 * {"keytype":"CONFIG","subject":..|null,"magic":0}} with value {@code {"compatibilityLevel":..}};
 * plus our {@code {"keytype":"ID_WATERMARK","magic":0}} with value {@code {"maxId":..}}.
 */
final class RegistryRecordFormat {
    private static final String SCHEMA = "SCHEMA";
    private static final String CONFIG = "CONFIG";
    private static final String ID_WATERMARK = "ID_WATERMARK";

    /**
     * The other key types of Confluent's registry (Karapace and Redpanda write the same): they hold
     * modes, subject-delete markers and contexts, never a schema id, so skipping them loses nothing
     * this registry serves.
     */
    static final Set<String> IGNORED_KEY_TYPES =
            Set.of("NOOP", "MODE", "DELETE_SUBJECT", "CLEAR_SUBJECT", "CONTEXT");

    // An "id" or "maxId" field with its number, in JSON that may not parse. Inside a JSON string
    // (a schema's text) the quotes are escaped, so field names there do not match.
    private static final Pattern ID_FIELD = Pattern.compile("\"(?:id|maxId)\"\\s*:\\s*(\\d{1,10})");

    private final ObjectMapper json = new ObjectMapper();

    byte[] key(RegistryRecord.Key key) {
        ObjectNode node = json.createObjectNode();
        if (key instanceof SchemaKey schemaKey) {
            node.put("keytype", SCHEMA);
            node.put("subject", schemaKey.subject());
            node.put("version", schemaKey.version());
            node.put("magic", 1);
        } else if (key instanceof ConfigKey configKey) {
            node.put("keytype", CONFIG);
            node.put("subject", configKey.subject());
            node.put("magic", 0);
        } else {
            node.put("keytype", ID_WATERMARK);
            node.put("magic", 0);
        }
        return bytes(node);
    }

    /** The value's JSON, or null for a tombstone. */
    byte[] value(RegistryRecord.Value value) {
        if (value == null) {
            return null;
        }
        ObjectNode node = json.createObjectNode();
        if (value instanceof SchemaValue schema) {
            node.put("subject", schema.subject());
            node.put("version", schema.version());
            node.put("id", schema.id());
            node.put("schema", schema.schema());
            node.put("deleted", schema.deleted());
        } else if (value instanceof ConfigValue config) {
            node.put("compatibilityLevel", config.level().name());
        } else if (value instanceof IdWatermarkValue watermark) {
            node.put("maxId", watermark.maxId());
        }
        return bytes(node);
    }

    /**
     * Reads one record of the topic. The Confluent key types this registry does not use ({@link
     * #IGNORED_KEY_TYPES}) give an empty result.
     *
     * @throws IllegalArgumentException when the record is not valid JSON of a known layout, or has
     *     a key type that is neither read nor knowingly ignored
     */
    Optional<RegistryRecord> read(byte[] keyBytes, byte[] valueBytes) {
        if (keyBytes == null) {
            throw new IllegalArgumentException("the record has no key");
        }
        JsonNode key = tree(keyBytes, "key");
        JsonNode value = valueBytes == null ? null : tree(valueBytes, "value");
        String keyType = text(key, "keytype");
        switch (keyType) {
            case SCHEMA -> {
                SchemaKey schemaKey = new SchemaKey(text(key, "subject"), integer(key, "version"));
                SchemaValue schemaValue =
                        value == null
                                ? null
                                : new SchemaValue(
                                        text(value, "subject"),
                                        integer(value, "version"),
                                        integer(value, "id"),
                                        text(value, "schema"),
                                        value.path("deleted").asBoolean(false));
                return Optional.of(new RegistryRecord(schemaKey, schemaValue));
            }
            case CONFIG -> {
                JsonNode subject = key.path("subject");
                ConfigKey configKey =
                        new ConfigKey(subject.isTextual() ? subject.textValue() : null);
                ConfigValue configValue =
                        value == null
                                ? null
                                : new ConfigValue(level(text(value, "compatibilityLevel")));
                return Optional.of(new RegistryRecord(configKey, configValue));
            }
            case ID_WATERMARK -> {
                IdWatermarkValue watermark =
                        value == null ? null : new IdWatermarkValue(integer(value, "maxId"));
                return Optional.of(new RegistryRecord(new IdWatermarkKey(), watermark));
            }
            default -> {
                if (IGNORED_KEY_TYPES.contains(keyType)) {
                    return Optional.empty();
                }
                throw new IllegalArgumentException(
                        "unknown keytype \""
                                + keyType
                                + "\": this registry reads SCHEMA, CONFIG and ID_WATERMARK and"
                                + " skips "
                                + new TreeSet<>(IGNORED_KEY_TYPES));
            }
        }
    }

    /**
     * The highest number in an {@code "id"} or {@code "maxId"} field of the raw key or value, even
     * when they are not valid JSON: what an unreadable record may have taken from the ids.
     */
    static OptionalInt highestIdMentioned(byte[] keyBytes, byte[] valueBytes) {
        long highest = -1;
        for (byte[] bytes : new byte[][] {keyBytes, valueBytes}) {
            if (bytes == null) {
                continue;
            }
            Matcher matcher = ID_FIELD.matcher(new String(bytes, StandardCharsets.UTF_8));
            while (matcher.find()) {
                long id = Long.parseLong(matcher.group(1));
                if (id <= Integer.MAX_VALUE) {
                    highest = Math.max(highest, id);
                }
            }
        }
        return highest < 0 ? OptionalInt.empty() : OptionalInt.of((int) highest);
    }

    private static CompatibilityLevel level(String name) {
        try {
            return CompatibilityLevel.parse(name);
        } catch (RegistryException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private JsonNode tree(byte[] bytes, String part) {
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("the " + part + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("the " + part + " is not JSON: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode child = node.get(field);
        if (child == null || !child.isTextual()) {
            throw new IllegalArgumentException("no text field \"" + field + "\" in " + node);
        }
        return child.textValue();
    }

    private static int integer(JsonNode node, String field) {
        JsonNode child = node.get(field);
        if (child == null || !child.canConvertToInt() || !child.isIntegralNumber()) {
            throw new IllegalArgumentException("no integer field \"" + field + "\" in " + node);
        }
        return child.intValue();
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
