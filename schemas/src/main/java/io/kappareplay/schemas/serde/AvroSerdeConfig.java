package io.kappareplay.schemas.serde;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The settings of {@link KappaAvroSerializer} and {@link KappaAvroDeserializer}, under Confluent's
 * key names where Confluent has one. The registry client's own settings ({@code
 * schema.registry.url} and the rest) are read by {@link
 * io.kappareplay.schemas.registry.RegistryClientConfig} from the same map.
 *
 * <p>Validation happens when the object is built: a bad value fails with a {@link ConfigException}
 * naming the key, the value and what would be valid.
 *
 * <pre>{@code
 * AvroSerdeConfig config = AvroSerdeConfig.from(Map.of(
 *         "auto.register.schemas", "false",
 *         "specific.avro.reader", "true"));
 * }</pre>
 */
public final class AvroSerdeConfig {

    /**
     * Serializer: register a record's schema under its subject if it is not there yet. When false
     * the schema must already be registered; a missing one fails the record, naming the subject.
     */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    public static final boolean DEFAULT_AUTO_REGISTER_SCHEMAS = true;

    /**
     * Deserializer: decode into the generated {@code SpecificRecord} class named by the writer
     * schema's full name, which must be on the classpath. Exclusive with {@link #READER_SCHEMA}.
     */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

    public static final boolean DEFAULT_SPECIFIC_AVRO_READER = false;

    /**
     * Deserializer: an Avro schema (JSON) to decode every record into, by Avro schema resolution
     * (fields it lacks are dropped, fields it adds take their defaults). Without it, and without
     * {@link #SPECIFIC_AVRO_READER}, records decode as {@code GenericRecord}s of their writer
     * schema.
     */
    public static final String READER_SCHEMA = "kappa.serde.reader.schema";

    /**
     * Serializer: how the subject is named. Only the topic-name strategy ({@code <topic>-key},
     * {@code <topic>-value}), which the Kappa Replay contract prescribes, is supported; the key is
     * read so that a configuration asking for another strategy fails instead of registering under
     * unexpected subjects.
     */
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";

    /** As {@link #KEY_SUBJECT_NAME_STRATEGY}, for values. */
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    private static final Set<String> TOPIC_NAME_STRATEGY =
            Set.of("TopicNameStrategy", "io.confluent.kafka.serializers.subject.TopicNameStrategy");

    /**
     * Confluent serde settings that change which schema is written or what is read, and what this
     * serde does instead. Ignored, a Confluent configuration setting them would write or read other
     * than it says, so setting one fails.
     */
    private static final Map<String, String> UNSUPPORTED_CONFLUENT_FEATURES =
            Map.of(
                    "use.latest.version",
                    "the serializer writes every record with its own schema",
                    "use.schema.id",
                    "the serializer writes every record with the id of its own schema",
                    "normalize.schemas",
                    "schemas are registered as Avro's canonical JSON, without the registry's"
                            + " normalization",
                    "schema.reflection",
                    "records are GenericRecords, generated SpecificRecords or primitives, not"
                            + " reflected classes",
                    "avro.use.logical.type.converters",
                    "GenericRecords keep logical types as their Avro type (long for"
                            + " timestamp-millis); generated classes convert them with "
                            + SPECIFIC_AVRO_READER
                            + "=true");

    private final boolean autoRegisterSchemas;
    private final boolean specificAvroReader;
    private final Optional<Schema> readerSchema;

    private AvroSerdeConfig(Map<String, ?> settings) {
        autoRegisterSchemas = bool(settings, AUTO_REGISTER_SCHEMAS, DEFAULT_AUTO_REGISTER_SCHEMAS);
        specificAvroReader = bool(settings, SPECIFIC_AVRO_READER, DEFAULT_SPECIFIC_AVRO_READER);
        readerSchema = schema(settings, READER_SCHEMA);
        if (specificAvroReader && readerSchema.isPresent()) {
            throw new ConfigException(
                    SPECIFIC_AVRO_READER
                            + "=true and "
                            + READER_SCHEMA
                            + " both choose the reader schema: set one of them");
        }
        checkTopicNameStrategy(settings, KEY_SUBJECT_NAME_STRATEGY);
        checkTopicNameStrategy(settings, VALUE_SUBJECT_NAME_STRATEGY);
        UNSUPPORTED_CONFLUENT_FEATURES.forEach(
                (key, instead) -> checkNotAskedFor(settings, key, instead));
    }

    /**
     * Reads and validates the serde settings in {@code settings}; other keys are ignored.
     *
     * @throws ConfigException naming the key, the value and what would be valid
     */
    public static AvroSerdeConfig from(Map<String, ?> settings) {
        return new AvroSerdeConfig(requireNonNull(settings, "settings"));
    }

    /** Every default: what a serde constructed without {@code configure} uses. */
    public static AvroSerdeConfig defaults() {
        return from(Map.of());
    }

    public boolean autoRegisterSchemas() {
        return autoRegisterSchemas;
    }

    public boolean specificAvroReader() {
        return specificAvroReader;
    }

    public Optional<Schema> readerSchema() {
        return readerSchema;
    }

    /**
     * {@code settings} with Kafka's {@link Password} values replaced by the passwords: Kafka hands
     * password-typed settings over as objects whose {@code toString()} is {@code [hidden]}, and the
     * registry client reads plain values.
     */
    static Map<String, Object> revealPasswords(Map<String, ?> settings) {
        Map<String, Object> plain = new HashMap<>(settings);
        plain.replaceAll((key, value) -> value instanceof Password p ? p.value() : value);
        return plain;
    }

    private static void checkTopicNameStrategy(Map<String, ?> settings, String key) {
        Object value = settings.get(key);
        if (value == null) {
            return;
        }
        String name = value instanceof Class<?> type ? type.getName() : value.toString().trim();
        if (!TOPIC_NAME_STRATEGY.contains(name)) {
            throw new ConfigException(
                    key,
                    value,
                    "only the topic-name strategy is supported ("
                            + "io.confluent.kafka.serializers.subject.TopicNameStrategy):"
                            + " subjects are <topic>-key and <topic>-value");
        }
    }

    /**
     * Fails if {@code key} asks for its feature: true, or for {@code use.schema.id} an id (its
     * default, -1, asks for nothing).
     */
    private static void checkNotAskedFor(Map<String, ?> settings, String key, String instead) {
        Object value = settings.get(key);
        if (value == null) {
            return;
        }
        String text = value.toString().trim();
        boolean off =
                text.isEmpty()
                        || text.equalsIgnoreCase("false")
                        || (key.equals("use.schema.id") && text.equals("-1"));
        if (!off) {
            throw new ConfigException(
                    key,
                    value,
                    "not supported by the Kappa Replay serde ("
                            + instead
                            + "): remove the setting");
        }
    }

    private static boolean bool(Map<String, ?> settings, String key, boolean defaultValue) {
        Object value = settings.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new ConfigException(key, value, "expected true or false");
        }
    }

    private static Optional<Schema> schema(Map<String, ?> settings, String key) {
        Object value = settings.get(key);
        if (value == null || value.toString().isBlank()) {
            return Optional.empty();
        }
        if (value instanceof Schema schema) {
            return Optional.of(schema);
        }
        try {
            return Optional.of(new Schema.Parser().parse(value.toString()));
        } catch (RuntimeException e) {
            // SchemaParseException mostly; Avro 1.12 throws a NullPointerException for an unknown
            // type name.
            throw new ConfigException(
                    key, value, "expected an Avro schema as JSON: " + e.getMessage());
        }
    }
}
