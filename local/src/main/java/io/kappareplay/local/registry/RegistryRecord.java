package io.kappareplay.local.registry;

import java.util.Objects;

/**
 * One record of the registry's topic: a key and its value, or a tombstone (null value). The topic
 * is compacted, so the latest value of each key is the state; replaying every record in order
 * through {@link RegistryState#apply} rebuilds it.
 */
record RegistryRecord(Key key, Value value) {

    RegistryRecord {
        Objects.requireNonNull(key, "key");
        boolean matches =
                value == null
                        || (key instanceof SchemaKey && value instanceof SchemaValue)
                        || (key instanceof ConfigKey && value instanceof ConfigValue)
                        || (key instanceof IdWatermarkKey && value instanceof IdWatermarkValue);
        if (!matches) {
            throw new IllegalArgumentException("A " + key + " cannot hold the value " + value);
        }
        if (key instanceof SchemaKey schemaKey && value instanceof SchemaValue schemaValue) {
            if (!schemaKey.subject().equals(schemaValue.subject())
                    || schemaKey.version() != schemaValue.version()) {
                throw new IllegalArgumentException(
                        "The key " + key + " does not match its value " + value);
            }
        }
    }

    static RegistryRecord schema(SchemaValue value) {
        return new RegistryRecord(new SchemaKey(value.subject(), value.version()), value);
    }

    static RegistryRecord config(String subject, CompatibilityLevel level) {
        return new RegistryRecord(new ConfigKey(subject), new ConfigValue(level));
    }

    static RegistryRecord idWatermark(int maxId) {
        return new RegistryRecord(new IdWatermarkKey(), new IdWatermarkValue(maxId));
    }

    static RegistryRecord tombstone(Key key) {
        return new RegistryRecord(key, null);
    }

    sealed interface Key permits SchemaKey, ConfigKey, IdWatermarkKey {}

    sealed interface Value permits SchemaValue, ConfigValue, IdWatermarkValue {}

    /** Version {@code version} of {@code subject}. */
    record SchemaKey(String subject, int version) implements Key {
        SchemaKey {
            Objects.requireNonNull(subject, "subject");
        }
    }

    /** The compatibility level of {@code subject}, or the global one when it is null. */
    record ConfigKey(String subject) implements Key {}

    /**
     * The highest id ever assigned. Not in Confluent's format: a permanent delete tombstones the
     * only record that held an id, so this record keeps ids from being reused after compaction.
     */
    record IdWatermarkKey() implements Key {}

    /** A registered version; {@code schema} is the canonical text ({@link AvroSchema}). */
    record SchemaValue(String subject, int version, int id, String schema, boolean deleted)
            implements Value {
        SchemaValue {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
        }

        SchemaValue softDeleted() {
            return new SchemaValue(subject, version, id, schema, true);
        }
    }

    record ConfigValue(CompatibilityLevel level) implements Value {
        ConfigValue {
            Objects.requireNonNull(level, "level");
        }
    }

    record IdWatermarkValue(int maxId) implements Value {}
}
