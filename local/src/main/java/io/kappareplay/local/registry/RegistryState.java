package io.kappareplay.local.registry;

import io.kappareplay.local.registry.RegistryRecord.ConfigKey;
import io.kappareplay.local.registry.RegistryRecord.ConfigValue;
import io.kappareplay.local.registry.RegistryRecord.IdWatermarkValue;
import io.kappareplay.local.registry.RegistryRecord.SchemaKey;
import io.kappareplay.local.registry.RegistryRecord.SchemaValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The registry's state, built only by {@link #apply}ing records: the startup replay of the topic
 * and every live write go through it, so a restart rebuilds exactly what was served. Pure and not
 * thread-safe; {@link RegistryService} guards it.
 *
 * <p>An id stays known (by id and by schema text) while any version, live or soft-deleted, holds
 * it; the highest id ever seen is kept even when its last version is permanently deleted, so ids
 * are never reused.
 */
final class RegistryState {
    private final Map<String, NavigableMap<Integer, SchemaValue>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Integer> versionsHoldingId = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;

    void apply(RegistryRecord record) {
        // Java 17 has no pattern switch; the key types are sealed, so these three are all.
        if (record.key() instanceof SchemaKey key) {
            applySchema(key, (SchemaValue) record.value());
        } else if (record.key() instanceof ConfigKey key) {
            applyConfig(key, (ConfigValue) record.value());
        } else if (record.value() instanceof IdWatermarkValue watermark) {
            maxId = Math.max(maxId, watermark.maxId());
        }
    }

    private void applySchema(SchemaKey key, SchemaValue value) {
        NavigableMap<Integer, SchemaValue> versions = subjects.get(key.subject());
        SchemaValue previous = versions == null ? null : versions.get(key.version());
        if (previous != null) {
            release(previous.id());
        }
        if (value == null) {
            if (versions != null) {
                versions.remove(key.version());
                if (versions.isEmpty()) {
                    subjects.remove(key.subject());
                }
            }
            return;
        }
        subjects.computeIfAbsent(key.subject(), subject -> new TreeMap<>())
                .put(key.version(), value);
        versionsHoldingId.merge(value.id(), 1, Integer::sum);
        schemasById.putIfAbsent(value.id(), value.schema());
        // Two ids for one text only come from a topic another registry wrote: the lowest wins.
        idsBySchema.merge(value.schema(), value.id(), Math::min);
        maxId = Math.max(maxId, value.id());
    }

    private void release(int id) {
        int remaining = versionsHoldingId.merge(id, -1, Integer::sum);
        if (remaining > 0) {
            return;
        }
        versionsHoldingId.remove(id);
        String schema = schemasById.remove(id);
        if (schema != null && Integer.valueOf(id).equals(idsBySchema.get(schema))) {
            idsBySchema.remove(schema);
            schemasById.entrySet().stream()
                    .filter(entry -> entry.getValue().equals(schema))
                    .mapToInt(Map.Entry::getKey)
                    .min()
                    .ifPresent(other -> idsBySchema.put(schema, other));
        }
    }

    private void applyConfig(ConfigKey key, ConfigValue value) {
        if (key.subject() == null) {
            globalLevel = value == null ? null : value.level();
        } else if (value == null) {
            subjectLevels.remove(key.subject());
        } else {
            subjectLevels.put(key.subject(), value.level());
        }
    }

    /** Every version of the subject, soft-deleted ones included, by version number. */
    NavigableMap<Integer, SchemaValue> versions(String subject) {
        NavigableMap<Integer, SchemaValue> versions = subjects.get(subject);
        return versions == null
                ? Collections.emptyNavigableMap()
                : Collections.unmodifiableNavigableMap(versions);
    }

    /** The subject's versions, oldest first, without the soft-deleted ones unless asked. */
    List<SchemaValue> versions(String subject, boolean includeDeleted) {
        List<SchemaValue> selected = new ArrayList<>();
        for (SchemaValue value : versions(subject).values()) {
            if (includeDeleted || !value.deleted()) {
                selected.add(value);
            }
        }
        return selected;
    }

    /** Subjects in name order that have a live version, or any version when asked. */
    List<String> subjects(boolean includeDeleted) {
        List<String> selected = new ArrayList<>();
        for (Map.Entry<String, NavigableMap<Integer, SchemaValue>> entry : subjects.entrySet()) {
            if (includeDeleted || entry.getValue().values().stream().anyMatch(v -> !v.deleted())) {
                selected.add(entry.getKey());
            }
        }
        return selected;
    }

    Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    OptionalInt idOf(String canonicalSchema) {
        Integer id = idsBySchema.get(canonicalSchema);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Every version holding the id, in subject then version order. */
    List<SchemaValue> versionsWithId(int id, boolean includeDeleted) {
        List<SchemaValue> selected = new ArrayList<>();
        for (NavigableMap<Integer, SchemaValue> versions : subjects.values()) {
            for (SchemaValue value : versions.values()) {
                if (value.id() == id && (includeDeleted || !value.deleted())) {
                    selected.add(value);
                }
            }
        }
        return selected;
    }

    /** The highest id ever assigned, 0 before the first. */
    int maxId() {
        return maxId;
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    Optional<CompatibilityLevel> globalLevel() {
        return Optional.ofNullable(globalLevel);
    }

    /** The level a registration under the subject is checked with. */
    CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevel(subject).or(this::globalLevel).orElse(CompatibilityLevel.DEFAULT);
    }
}
