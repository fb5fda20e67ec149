package io.kappareplay.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * A registry in memory, answering like Confluent's: one global id per distinct schema text,
 * versions per subject from 1, soft and permanent deletes, and the same exceptions and error codes.
 * Its compatibility check is Avro's reader-writer check against one version (new schema reads old
 * data), enough for tests that do not test the registry's own rules.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {
    private record Version(int number, int id, boolean deleted) {}

    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final Map<String, List<Version>> subjects = new LinkedHashMap<>();
    private final Set<String> deletedSubjects = new HashSet<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int nextId = 1;

    @Override
    public synchronized int register(String subject, Schema schema) {
        Optional<Version> existing = find(subject, schema);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        int id = idsByText.computeIfAbsent(schema.toString(), text -> nextId++);
        schemasById.putIfAbsent(id, schema);
        List<Version> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        deletedSubjects.remove(subject);
        int number = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).number() + 1;
        versions.add(new Version(number, id, false));
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        RequestContext request = RequestContext.forSubject("lookup", subject);
        liveVersions(subject, request);
        Version version =
                find(subject, schema)
                        .orElseThrow(
                                () ->
                                        new SchemaNotFoundException(
                                                request, 404, 40403, "Schema not found"));
        return new RegisteredSchema(subject, version.id(), version.number(), schema);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException(
                    RequestContext.forSchemaId("schema by id", id),
                    404,
                    40403,
                    "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized List<String> subjects(boolean includeDeleted) {
        List<String> names = new ArrayList<>();
        subjects.forEach(
                (name, versions) -> {
                    if (includeDeleted || !deletedSubjects.contains(name)) {
                        names.add(name);
                    }
                });
        return names;
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return liveVersions(subject, RequestContext.forSubject("versions", subject)).stream()
                .map(Version::number)
                .toList();
    }

    @Override
    public synchronized RegisteredSchema version(String subject, int version) {
        RequestContext request =
                RequestContext.forVersion("version", subject, Integer.toString(version));
        if (version < 1) {
            throw new InvalidVersionException(request, 422, 42202, "Invalid version " + version);
        }
        return liveVersions(subject, request).stream()
                .filter(v -> v.number() == version)
                .findFirst()
                .map(
                        v ->
                                new RegisteredSchema(
                                        subject, v.id(), v.number(), schemasById.get(v.id())))
                .orElseThrow(
                        () ->
                                new VersionNotFoundException(
                                        request, 404, 40402, "Version not found"));
    }

    @Override
    public synchronized RegisteredSchema latestVersion(String subject) {
        List<Version> live =
                liveVersions(subject, RequestContext.forVersion("version", subject, "latest"));
        Version latest = live.get(live.size() - 1);
        return new RegisteredSchema(
                subject, latest.id(), latest.number(), schemasById.get(latest.id()));
    }

    @Override
    public synchronized CompatibilityResult testCompatibility(
            String subject, int version, Schema schema) {
        return compatibility(this.version(subject, version).schema(), schema);
    }

    @Override
    public synchronized CompatibilityResult testCompatibilityWithLatest(
            String subject, Schema schema) {
        return compatibility(latestVersion(subject).schema(), schema);
    }

    @Override
    public synchronized CompatibilityLevel globalCompatibility() {
        return globalLevel;
    }

    @Override
    public synchronized CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level) {
        globalLevel = level;
        return level;
    }

    @Override
    public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    @Override
    public synchronized CompatibilityLevel setSubjectCompatibility(
            String subject, CompatibilityLevel level) {
        subjectLevels.put(subject, level);
        return level;
    }

    @Override
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        RequestContext request = RequestContext.forSubject("delete subject", subject);
        List<Version> versions = subjects.get(subject);
        if (versions == null) {
            throw new SubjectNotFoundException(request, 404, 40401, "Subject not found");
        }
        List<Integer> numbers = versions.stream().map(Version::number).toList();
        if (permanent) {
            if (!deletedSubjects.contains(subject)) {
                throw new NotFoundException(request, 404, 40405, "Subject was not deleted first");
            }
            subjects.remove(subject);
            deletedSubjects.remove(subject);
        } else {
            if (deletedSubjects.contains(subject)) {
                throw new SubjectSoftDeletedException(
                        request, 404, 40404, "Subject was soft deleted");
            }
            deletedSubjects.add(subject);
        }
        return numbers;
    }

    @Override
    public synchronized int deleteVersion(String subject, int version, boolean permanent) {
        RequestContext request =
                RequestContext.forVersion("delete version", subject, Integer.toString(version));
        List<Version> versions = subjects.get(subject);
        if (versions == null) {
            throw new SubjectNotFoundException(request, 404, 40401, "Subject not found");
        }
        for (int index = 0; index < versions.size(); index++) {
            Version candidate = versions.get(index);
            if (candidate.number() != version) {
                continue;
            }
            if (!permanent) {
                versions.set(index, new Version(candidate.number(), candidate.id(), true));
            } else if (candidate.deleted()) {
                versions.remove(index);
            } else {
                throw new NotFoundException(request, 404, 40407, "Version was not deleted first");
            }
            return version;
        }
        throw new VersionNotFoundException(request, 404, 40402, "Version not found");
    }

    private Optional<Version> find(String subject, Schema schema) {
        String text = schema.toString();
        return subjects.getOrDefault(subject, List.of()).stream()
                .filter(v -> !v.deleted() && schemasById.get(v.id()).toString().equals(text))
                .findFirst();
    }

    private List<Version> liveVersions(String subject, RequestContext request) {
        List<Version> versions = subjects.get(subject);
        if (versions == null || deletedSubjects.contains(subject)) {
            throw new SubjectNotFoundException(
                    request, 404, 40401, "Subject '" + subject + "' not found.");
        }
        List<Version> live = versions.stream().filter(v -> !v.deleted()).toList();
        if (live.isEmpty()) {
            throw new SubjectNotFoundException(
                    request, 404, 40401, "Subject '" + subject + "' not found.");
        }
        return live;
    }

    private static CompatibilityResult compatibility(Schema existing, Schema candidate) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(candidate, existing);
        return new CompatibilityResult(
                result.getType() == SchemaCompatibilityType.COMPATIBLE,
                result.getResult().getIncompatibilities().stream()
                        .map(problem -> problem.getMessage())
                        .toList());
    }
}
