package io.kappareplay.local.registry;

import io.kappareplay.local.registry.RecordLog.RecordLogException;
import io.kappareplay.local.registry.RegistryRecord.ConfigKey;
import io.kappareplay.local.registry.RegistryRecord.SchemaKey;
import io.kappareplay.local.registry.RegistryRecord.SchemaValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The registry's rules: registration, lookups, deletes, compatibility levels. Every change is
 * written to the {@link RecordLog} first and applied to the state only once the log acknowledged
 * it, through the same {@link RegistryState#apply} the startup replay uses, so what a restart
 * rebuilds is what was served.
 *
 * <p>Writes are serialized by one lock; reads run alongside them. The records of one write (a
 * subject delete writes several) are applied together once all are acknowledged, so a read sees all
 * of them or none. A failed write may still have landed in the log, so the next write first
 * rebuilds the state from the log.
 */
final class RegistryService {
    private final RecordLog log;
    private final ReentrantLock writer = new ReentrantLock();
    private final ReentrantReadWriteLock stateLock = new ReentrantReadWriteLock();

    // Replaced whole on a reload; mutated only by the writer, under stateLock's write lock.
    private RegistryState state = new RegistryState();

    // Guarded by writer: a write failed, so the state may lack a record that landed.
    private boolean stale;

    RegistryService(RecordLog log) {
        this.log = log;
    }

    /** Builds the state from the whole log; done once before serving. */
    void load() throws RecordLogException {
        writer.lock();
        try {
            reload();
        } finally {
            writer.unlock();
        }
    }

    int register(String subject, String schemaText) {
        AvroSchema candidate = AvroSchema.parse(subject, schemaText);
        return write(
                "registering a schema under subject '" + subject + "'",
                operation -> {
                    NavigableMap<Integer, SchemaValue> versions = state.versions(subject);
                    List<SchemaValue> liveNewestFirst = new ArrayList<>();
                    for (SchemaValue version : versions.descendingMap().values()) {
                        if (!version.deleted()) {
                            if (version.schema().equals(candidate.canonical())) {
                                return version.id();
                            }
                            liveNewestFirst.add(version);
                        }
                    }
                    CompatibilityLevel level = state.effectiveLevel(subject);
                    List<String> incompatibilities =
                            CompatibilityCheck.incompatibilities(level, candidate, liveNewestFirst);
                    if (!incompatibilities.isEmpty()) {
                        throw RegistryException.incompatible(subject, incompatibilities);
                    }
                    int id = state.idOf(candidate.canonical()).orElse(state.maxId() + 1);
                    int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
                    operation.append(
                            RegistryRecord.schema(
                                    new SchemaValue(
                                            subject, version, id, candidate.canonical(), false)));
                    return id;
                });
    }

    /** The version of the subject that holds the schema; a live one before a soft-deleted one. */
    SchemaValue lookup(String subject, String schemaText, boolean includeDeleted) {
        AvroSchema candidate = AvroSchema.parse(subject, schemaText);
        return read(
                state -> {
                    List<SchemaValue> versions = state.versions(subject, includeDeleted);
                    if (versions.isEmpty()) {
                        throw RegistryException.subjectNotFound(subject);
                    }
                    SchemaValue found = null;
                    for (SchemaValue version : versions) {
                        if (version.schema().equals(candidate.canonical())
                                && (found == null || found.deleted() || !version.deleted())) {
                            found = version;
                        }
                    }
                    if (found == null) {
                        throw RegistryException.schemaNotFoundUnderSubject(subject);
                    }
                    return found;
                });
    }

    /** The schema of an id; soft-deleted versions keep it readable, as old data needs it. */
    String schemaById(int id) {
        return read(
                state ->
                        state.schemaById(id)
                                .orElseThrow(
                                        () ->
                                                RegistryException.schemaIdNotFound(
                                                        Integer.toString(id))));
    }

    List<SchemaValue> versionsWithId(int id, boolean includeDeleted) {
        return read(
                state -> {
                    if (state.schemaById(id).isEmpty()) {
                        throw RegistryException.schemaIdNotFound(Integer.toString(id));
                    }
                    return state.versionsWithId(id, includeDeleted);
                });
    }

    List<String> subjects(boolean includeDeleted) {
        return read(state -> state.subjects(includeDeleted));
    }

    List<Integer> versionNumbers(String subject, boolean includeDeleted) {
        return read(
                state -> {
                    List<Integer> numbers = new ArrayList<>();
                    for (SchemaValue version : state.versions(subject, includeDeleted)) {
                        numbers.add(version.version());
                    }
                    if (numbers.isEmpty()) {
                        throw RegistryException.subjectNotFound(subject);
                    }
                    return numbers;
                });
    }

    SchemaValue version(String subject, VersionId versionId, boolean includeDeleted) {
        return read(state -> resolve(state, subject, versionId, includeDeleted));
    }

    private static SchemaValue resolve(
            RegistryState state, String subject, VersionId versionId, boolean includeDeleted) {
        List<SchemaValue> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        if (versionId.isLatest()) {
            return versions.get(versions.size() - 1);
        }
        for (SchemaValue version : versions) {
            if (version.version() == versionId.number()) {
                return version;
            }
        }
        throw RegistryException.versionNotFound(subject, versionId.number());
    }

    /**
     * Soft-deletes every live version of the subject (and drops its compatibility level, as
     * Confluent's does), or permanently deletes a subject whose versions are all soft-deleted.
     *
     * @return the versions deleted
     */
    List<Integer> deleteSubject(String subject, boolean permanent) {
        String what = (permanent ? "permanently deleting" : "deleting") + " subject '" + subject;
        return write(
                what + "'",
                operation -> {
                    List<SchemaValue> versions = state.versions(subject, true);
                    if (versions.isEmpty()) {
                        throw RegistryException.subjectNotFound(subject);
                    }
                    List<SchemaValue> live = state.versions(subject, false);
                    List<Integer> deleted = new ArrayList<>();
                    // Several records, sent one by one: the topic is not transactional, so a crash
                    // or a failed send between them leaves only the first ones written, and the
                    // replay shows a subject half deleted. Acceptable: every such prefix is a valid
                    // state (the watermark goes first, so ids stay safe), there is one writer, and
                    // repeating the delete completes it. Readers of this process never see a
                    // half-done delete that succeeded: write() applies its records together.
                    if (permanent) {
                        if (!live.isEmpty()) {
                            throw RegistryException.subjectNotSoftDeleted(subject);
                        }
                        operation.append(RegistryRecord.idWatermark(state.maxId()));
                        for (SchemaValue version : versions) {
                            operation.append(
                                    RegistryRecord.tombstone(
                                            new SchemaKey(subject, version.version())));
                            deleted.add(version.version());
                        }
                        return deleted;
                    }
                    if (live.isEmpty()) {
                        throw RegistryException.subjectSoftDeleted(subject);
                    }
                    for (SchemaValue version : live) {
                        operation.append(RegistryRecord.schema(version.softDeleted()));
                        deleted.add(version.version());
                    }
                    if (state.subjectLevel(subject).isPresent()) {
                        operation.append(RegistryRecord.tombstone(new ConfigKey(subject)));
                    }
                    return deleted;
                });
    }

    /**
     * Soft-deletes a live version, or permanently deletes a soft-deleted one. {@code latest} names
     * the highest version, soft-deleted or not.
     *
     * @return the version number deleted
     */
    int deleteVersion(String subject, VersionId versionId, boolean permanent) {
        String what =
                (permanent ? "permanently deleting" : "deleting")
                        + " version "
                        + versionId
                        + " of subject '"
                        + subject
                        + "'";
        return write(
                what,
                operation -> {
                    NavigableMap<Integer, SchemaValue> versions = state.versions(subject);
                    if (versions.isEmpty()) {
                        throw RegistryException.subjectNotFound(subject);
                    }
                    SchemaValue version =
                            versionId.isLatest()
                                    ? versions.lastEntry().getValue()
                                    : versions.get(versionId.number());
                    if (version == null) {
                        throw RegistryException.versionNotFound(subject, versionId.number());
                    }
                    // Two records for a permanent delete: see deleteSubject on why that is safe.
                    if (permanent) {
                        if (!version.deleted()) {
                            throw RegistryException.versionNotSoftDeleted(
                                    subject, version.version());
                        }
                        operation.append(RegistryRecord.idWatermark(state.maxId()));
                        operation.append(
                                RegistryRecord.tombstone(
                                        new SchemaKey(subject, version.version())));
                    } else {
                        if (version.deleted()) {
                            throw RegistryException.versionSoftDeleted(subject, version.version());
                        }
                        operation.append(RegistryRecord.schema(version.softDeleted()));
                    }
                    return version.version();
                });
    }

    CompatibilityLevel globalLevel() {
        return read(state -> state.globalLevel().orElse(CompatibilityLevel.DEFAULT));
    }

    CompatibilityLevel setGlobalLevel(CompatibilityLevel level) {
        return write(
                "setting the global compatibility level",
                operation -> {
                    operation.append(RegistryRecord.config(null, level));
                    return level;
                });
    }

    /** Resets the global level to the default; returns the level it had. */
    CompatibilityLevel deleteGlobalLevel() {
        return write(
                "deleting the global compatibility level",
                operation -> {
                    CompatibilityLevel previous =
                            state.globalLevel().orElse(CompatibilityLevel.DEFAULT);
                    if (state.globalLevel().isPresent()) {
                        operation.append(RegistryRecord.tombstone(new ConfigKey(null)));
                    }
                    return previous;
                });
    }

    CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        return read(
                state -> {
                    if (defaultToGlobal) {
                        return state.effectiveLevel(subject);
                    }
                    return state.subjectLevel(subject)
                            .orElseThrow(
                                    () -> RegistryException.subjectLevelNotConfigured(subject));
                });
    }

    CompatibilityLevel setSubjectLevel(String subject, CompatibilityLevel level) {
        return write(
                "setting the compatibility level of subject '" + subject + "'",
                operation -> {
                    operation.append(RegistryRecord.config(subject, level));
                    return level;
                });
    }

    /** Removes the subject's own level; returns the level it had. */
    CompatibilityLevel deleteSubjectLevel(String subject) {
        return write(
                "deleting the compatibility level of subject '" + subject + "'",
                operation -> {
                    CompatibilityLevel previous =
                            state.subjectLevel(subject)
                                    .orElseThrow(
                                            () ->
                                                    RegistryException.subjectLevelNotConfigured(
                                                            subject));
                    operation.append(RegistryRecord.tombstone(new ConfigKey(subject)));
                    return previous;
                });
    }

    /**
     * Checks a schema against a live version of the subject under the subject's level; {@code
     * latest} checks it as a registration would (every live version for a transitive level).
     *
     * @return the incompatibilities, empty when compatible
     */
    List<String> checkCompatibility(String subject, VersionId versionId, String schemaText) {
        AvroSchema candidate = AvroSchema.parse(subject, schemaText);
        return read(
                state -> {
                    CompatibilityLevel level = state.effectiveLevel(subject);
                    List<SchemaValue> against;
                    if (versionId.isLatest()) {
                        against = new ArrayList<>(state.versions(subject, false));
                        if (against.isEmpty()) {
                            throw RegistryException.subjectNotFound(subject);
                        }
                        Collections.reverse(against);
                    } else {
                        against = List.of(resolve(state, subject, versionId, false));
                    }
                    return CompatibilityCheck.incompatibilities(level, candidate, against);
                });
    }

    private <T> T read(Function<RegistryState, T> query) {
        stateLock.readLock().lock();
        try {
            return query.apply(state);
        } finally {
            stateLock.readLock().unlock();
        }
    }

    private <T> T write(String description, WriteOperation<T> operation) {
        writer.lock();
        try {
            if (stale) {
                try {
                    reload();
                } catch (RecordLogException e) {
                    throw RegistryException.storeError(description, e);
                }
            }
            List<RegistryRecord> acknowledged = new ArrayList<>();
            try {
                return operation.run(
                        record -> {
                            append(description, record);
                            acknowledged.add(record);
                        });
            } finally {
                // Also after a failure: what the log acknowledged is the state.
                apply(acknowledged);
            }
        } finally {
            writer.unlock();
        }
    }

    // Holds writer.
    private void append(String description, RegistryRecord record) {
        try {
            log.append(record);
        } catch (RecordLogException e) {
            stale = true;
            throw RegistryException.storeError(description, e);
        }
    }

    // Holds writer. One write lock for all, so no read sees some of the records without the rest.
    private void apply(List<RegistryRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        stateLock.writeLock().lock();
        try {
            records.forEach(state::apply);
        } finally {
            stateLock.writeLock().unlock();
        }
    }

    // Holds writer.
    private void reload() throws RecordLogException {
        RegistryState fresh = new RegistryState();
        log.replay(fresh::apply);
        stateLock.writeLock().lock();
        try {
            state = fresh;
        } finally {
            stateLock.writeLock().unlock();
        }
        stale = false;
    }

    /**
     * A change: reads the state (the writer lock is held) and appends its records. The state it
     * reads is the one before its records: they are applied once it returns.
     */
    @FunctionalInterface
    private interface WriteOperation<T> {
        T run(Appender appender);
    }

    @FunctionalInterface
    private interface Appender {
        void append(RegistryRecord record);
    }
}
