package io.kappareplay.local.registry;

import static io.kappareplay.local.registry.TestSchemas.EMPTY_R;
import static io.kappareplay.local.registry.TestSchemas.ORDER;
import static io.kappareplay.local.registry.TestSchemas.USER;
import static io.kappareplay.local.registry.TestSchemas.USER_REFORMATTED;
import static io.kappareplay.local.registry.TestSchemas.USER_WITHOUT_ID;
import static io.kappareplay.local.registry.TestSchemas.USER_WITH_AGE;
import static io.kappareplay.local.registry.TestSchemas.USER_WITH_EMAIL;
import static io.kappareplay.local.registry.TestSchemas.withA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.local.registry.RecordLog.RecordLogException;
import io.kappareplay.local.registry.RegistryRecord.SchemaValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RegistryServiceTest {
    private final InMemoryRecordLog log = new InMemoryRecordLog();
    private final RegistryService registry = loaded(log);

    private static RegistryService loaded(RecordLog log) {
        RegistryService registry = new RegistryService(log);
        try {
            registry.load();
        } catch (RecordLogException e) {
            throw new AssertionError(e);
        }
        return registry;
    }

    private static void assertError(ThrowingCallable call, int status, int code, String... parts) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> {
                            assertThat(e.status()).as("status").isEqualTo(status);
                            assertThat(e.errorCode()).as("error code").isEqualTo(code);
                            for (String part : parts) {
                                assertThat(e.getMessage()).contains(part);
                            }
                        });
    }

    // --- Registration and ids ---

    @Test
    void theFirstSchemaGetsId1AsVersion1() {
        assertThat(registry.register("users-value", USER)).isEqualTo(1);

        SchemaValue version = registry.version("users-value", VersionId.LATEST, false);
        assertThat(version.version()).isEqualTo(1);
        assertThat(version.id()).isEqualTo(1);
        assertThat(version.schema()).isEqualTo(AvroSchema.parse("s", USER).canonical());
    }

    @Test
    void registeringTheSameSchemaAgainIsIdempotent() {
        int id = registry.register("users-value", USER);
        int records = log.size();

        assertThat(registry.register("users-value", USER)).isEqualTo(id);
        assertThat(registry.register("users-value", USER_REFORMATTED))
                .as("whitespace and attribute order do not make a new schema")
                .isEqualTo(id);
        assertThat(log.size()).as("nothing written").isEqualTo(records);
        assertThat(registry.versionNumbers("users-value", false)).containsExactly(1);
    }

    @Test
    void theSameSchemaGetsTheSameIdUnderEverySubject() {
        int id = registry.register("a-value", USER);
        registry.register("b-value", ORDER);

        assertThat(registry.register("c-value", USER_REFORMATTED)).isEqualTo(id);
        assertThat(registry.version("c-value", VersionId.LATEST, false).version()).isEqualTo(1);
        assertThat(registry.versionsWithId(id, false))
                .extracting(SchemaValue::subject)
                .containsExactly("a-value", "c-value");
    }

    @Test
    void aNewSchemaGetsTheHighestIdPlusOne() {
        assertThat(registry.register("a", USER)).isEqualTo(1);
        assertThat(registry.register("b", ORDER)).isEqualTo(2);
        assertThat(registry.register("a", USER_WITH_EMAIL)).isEqualTo(3);
        assertThat(registry.versionNumbers("a", false)).containsExactly(1, 2);
    }

    @Test
    void anUnparsableSchemaIs42201AndWritesNothing() {
        assertError(() -> registry.register("a", "{\"type\":"), 422, 42201, "'a'");
        assertThat(log.size()).isZero();
    }

    @Test
    void anIncompatibleSchemaIs409NamingTheSubjectAndWritesNothing() {
        registry.register("users-value", USER);
        int records = log.size();

        assertError(
                () -> registry.register("users-value", USER_WITH_AGE),
                409,
                409,
                "Schema being registered is incompatible with an earlier schema for subject"
                        + " \"users-value\", details: [",
                "READER_FIELD_MISSING_DEFAULT_VALUE",
                "{oldSchemaVersion: 1}",
                "{compatibility: 'BACKWARD'}");
        assertThat(log.size()).isEqualTo(records);
    }

    @Test
    void aSoftDeletedSchemaRegisteredAgainIsANewVersionWithItsOldId() {
        int id = registry.register("a", USER);
        registry.register("a", USER_WITH_EMAIL);
        registry.deleteVersion("a", new VersionId(1), false);

        assertThat(registry.register("a", USER)).isEqualTo(id);
        assertThat(registry.versionNumbers("a", false)).containsExactly(2, 3);
    }

    // --- Reads ---

    @Test
    void lookupFindsTheVersionHoldingTheSchema() {
        registry.register("a", USER);
        registry.register("a", USER_WITH_EMAIL);

        SchemaValue found = registry.lookup("a", USER_REFORMATTED, false);
        assertThat(found.version()).isEqualTo(1);
        assertThat(found.id()).isEqualTo(1);

        assertError(() -> registry.lookup("a", ORDER, false), 404, 40403, "'a'");
        assertError(() -> registry.lookup("nobody", USER, false), 404, 40401, "'nobody'");
        assertError(() -> registry.lookup("a", "nope", false), 422, 42201);
    }

    @Test
    void lookupSeesSoftDeletedVersionsOnlyWhenAsked() {
        registry.register("a", USER);
        registry.register("a", USER_WITH_EMAIL);
        registry.deleteVersion("a", new VersionId(1), false);

        assertError(() -> registry.lookup("a", USER, false), 404, 40403);
        assertThat(registry.lookup("a", USER, true).version()).isEqualTo(1);
    }

    @Test
    void versionsResolveByNumberAndLatest() {
        registry.register("a", USER);
        registry.register("a", USER_WITH_EMAIL);

        assertThat(registry.version("a", new VersionId(1), false).id()).isEqualTo(1);
        assertThat(registry.version("a", VersionId.LATEST, false).version()).isEqualTo(2);
        assertError(
                () -> registry.version("a", new VersionId(3), false),
                404,
                40402,
                "Version 3",
                "'a'");
        assertError(() -> registry.version("b", VersionId.LATEST, false), 404, 40401, "'b'");
    }

    @Test
    void unknownIdsAre40403NamingTheId() {
        assertError(() -> registry.schemaById(17), 404, 40403, "17");
        assertError(() -> registry.versionsWithId(17, false), 404, 40403, "17");
    }

    // --- Deletes ---

    @Test
    void aSoftDeletedVersionLeavesTheLiveViewsButKeepsItsId() {
        registry.register("a", USER);
        registry.register("a", USER_WITH_EMAIL);

        assertThat(registry.deleteVersion("a", new VersionId(1), false)).isEqualTo(1);

        assertThat(registry.versionNumbers("a", false)).containsExactly(2);
        assertThat(registry.versionNumbers("a", true)).containsExactly(1, 2);
        assertError(() -> registry.version("a", new VersionId(1), false), 404, 40402);
        assertThat(registry.version("a", new VersionId(1), true).deleted()).isTrue();
        assertThat(registry.schemaById(1)).isEqualTo(AvroSchema.parse("a", USER).canonical());
        assertError(
                () -> registry.deleteVersion("a", new VersionId(1), false),
                404,
                40406,
                "Version 1",
                "'a'");
    }

    @Test
    void aVersionIsPermanentlyDeletedOnlyAfterASoftDelete() {
        registry.register("a", USER);
        registry.register("a", USER_WITH_EMAIL);

        assertError(
                () -> registry.deleteVersion("a", new VersionId(2), true),
                404,
                40407,
                "Version 2",
                "'a'");
        registry.deleteVersion("a", new VersionId(2), false);
        assertThat(registry.deleteVersion("a", new VersionId(2), true)).isEqualTo(2);

        assertThat(registry.versionNumbers("a", true)).containsExactly(1);
        assertError(() -> registry.schemaById(2), 404, 40403);
        assertError(() -> registry.deleteVersion("a", new VersionId(2), true), 404, 40402);
        assertError(() -> registry.deleteVersion("b", new VersionId(1), false), 404, 40401);
    }

    @Test
    void deletingTheLatestVersionNamesTheHighestOne() {
        registry.register("a", USER);
        registry.register("a", USER_WITH_EMAIL);

        assertThat(registry.deleteVersion("a", VersionId.LATEST, false)).isEqualTo(2);
        assertError(() -> registry.deleteVersion("a", VersionId.LATEST, false), 404, 40406);
        assertThat(registry.deleteVersion("a", VersionId.LATEST, true)).isEqualTo(2);
    }

    @Test
    void aSoftDeletedSubjectLeavesTheListAndDropsItsLevel() {
        registry.register("a", USER);
        registry.register("a", USER_WITH_EMAIL);
        registry.register("b", ORDER);
        registry.setSubjectLevel("a", CompatibilityLevel.NONE);

        assertThat(registry.deleteSubject("a", false)).containsExactly(1, 2);

        assertThat(registry.subjects(false)).containsExactly("b");
        assertThat(registry.subjects(true)).containsExactly("a", "b");
        assertError(() -> registry.versionNumbers("a", false), 404, 40401, "'a'");
        assertThat(registry.versionNumbers("a", true)).containsExactly(1, 2);
        assertError(() -> registry.subjectLevel("a", false), 404, 40408);
        assertError(() -> registry.deleteSubject("a", false), 404, 40404, "'a'");
        assertThat(registry.schemaById(1)).isNotEmpty();
    }

    @Test
    void aSoftDeleteOfASubjectSkipsVersionsAlreadySoftDeleted() {
        registry.register("a", USER);
        registry.register("a", USER_WITH_EMAIL);
        registry.deleteVersion("a", new VersionId(1), false);

        assertThat(registry.deleteSubject("a", false)).containsExactly(2);
    }

    @Test
    void aSubjectIsPermanentlyDeletedOnlyAfterASoftDelete() {
        registry.register("a", USER);
        registry.register("a", USER_WITH_EMAIL);

        assertError(() -> registry.deleteSubject("a", true), 404, 40405, "'a'");
        registry.deleteSubject("a", false);
        assertThat(registry.deleteSubject("a", true)).containsExactly(1, 2);

        assertThat(registry.subjects(true)).isEmpty();
        assertError(() -> registry.deleteSubject("a", true), 404, 40401);
        assertError(() -> registry.schemaById(1), 404, 40403);
    }

    @Test
    void versionsContinueAfterASoftDeleteAndRestartAfterAPermanentOne() {
        registry.register("a", USER);
        registry.register("a", USER_WITH_EMAIL);
        registry.deleteSubject("a", false);
        registry.register("a", ORDER);
        assertThat(registry.versionNumbers("a", true)).containsExactly(1, 2, 3);

        registry.deleteSubject("a", false);
        registry.deleteSubject("a", true);
        registry.register("a", ORDER);
        assertThat(registry.versionNumbers("a", true)).containsExactly(1);
    }

    // --- Ids survive restarts and are never reused ---

    @Test
    void idsAreNeverReusedAfterAPermanentDelete() {
        registry.register("a", USER);
        registry.register("b", ORDER);
        registry.deleteSubject("b", false);
        registry.deleteSubject("b", true);

        assertThat(registry.register("c", USER_WITH_EMAIL)).isEqualTo(3);
        assertThat(loaded(log).register("d", withA("int", null))).isEqualTo(4);
    }

    @Test
    void idsAreNeverReusedEvenAfterTheTopicIsCompacted() {
        registry.register("a", USER);
        registry.register("b", ORDER);
        registry.deleteSubject("b", false);
        registry.deleteSubject("b", true);

        InMemoryRecordLog compacted = compact(log);

        RegistryService restarted = loaded(compacted);
        assertThat(restarted.register("c", USER_WITH_EMAIL)).isEqualTo(3);
    }

    /** What log compaction leaves once tombstones are cleaned: the latest value of each key. */
    private static InMemoryRecordLog compact(InMemoryRecordLog log) {
        Map<RegistryRecord.Key, RegistryRecord> latest = new LinkedHashMap<>();
        for (RegistryRecord record : log.records()) {
            latest.remove(record.key());
            latest.put(record.key(), record);
        }
        InMemoryRecordLog compacted = new InMemoryRecordLog();
        for (RegistryRecord record : latest.values()) {
            // Compaction cleans tombstones too, once they are old enough.
            if (record.value() != null) {
                try {
                    compacted.append(record);
                } catch (RecordLogException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return compacted;
    }

    @Test
    void aReplayRebuildsExactlyWhatWasServed() {
        registry.register("a", USER);
        registry.register("a", USER_WITH_EMAIL);
        registry.register("b", USER);
        registry.register("c", ORDER);
        registry.setGlobalLevel(CompatibilityLevel.FULL);
        registry.setSubjectLevel("c", CompatibilityLevel.NONE);
        registry.setSubjectLevel("b", CompatibilityLevel.FORWARD);
        registry.deleteVersion("a", new VersionId(1), false);
        registry.deleteSubject("c", false);
        registry.deleteSubject("c", true);
        registry.register("c", withA("int", null));
        registry.deleteSubjectLevel("b");

        RegistryService restarted = loaded(log);

        assertThat(snapshot(restarted)).isEqualTo(snapshot(registry));
        assertThat(restarted.register("d", EMPTY_R)).isEqualTo(registry.register("e", EMPTY_R));
    }

    private static List<Object> snapshot(RegistryService registry) {
        List<Object> facts = new ArrayList<>();
        facts.add(registry.subjects(true));
        facts.add(registry.globalLevel());
        for (String subject : registry.subjects(true)) {
            for (int version : registry.versionNumbers(subject, true)) {
                facts.add(registry.version(subject, new VersionId(version), true));
            }
            facts.add(registry.subjectLevel(subject, true));
        }
        for (int id = 1; id <= 10; id++) {
            try {
                facts.add(id + "=" + registry.schemaById(id));
            } catch (RegistryException e) {
                facts.add(id + "=" + e.errorCode());
            }
        }
        return facts;
    }

    // --- Compatibility levels ---

    @Test
    void backwardChecksThatTheNewSchemaReadsTheLatest() {
        registry.register("a", USER);

        assertThat(registry.register("a", USER_WITH_EMAIL)).isEqualTo(2);
        assertThat(registry.register("a", USER_WITHOUT_ID)).isEqualTo(3);
        assertError(() -> registry.register("a", USER_WITH_AGE), 409, 409);
    }

    @Test
    void forwardChecksThatTheLatestReadsTheNewSchema() {
        registry.setSubjectLevel("a", CompatibilityLevel.FORWARD);
        registry.register("a", USER);

        assertThat(registry.register("a", USER_WITH_AGE)).isEqualTo(2);
        assertError(
                () -> registry.register("a", USER_WITHOUT_ID),
                409,
                409,
                "The field 'id' at path '/fields/0' in version 2 has no default value and is"
                        + " missing in the new schema",
                "{compatibility: 'FORWARD'}");
    }

    @Test
    void fullChecksBothWays() {
        registry.setGlobalLevel(CompatibilityLevel.FULL);
        registry.register("a", USER);

        assertError(() -> registry.register("a", USER_WITH_AGE), 409, 409);
        assertError(() -> registry.register("a", USER_WITHOUT_ID), 409, 409);
        assertThat(registry.register("a", USER_WITH_EMAIL)).isEqualTo(2);
    }

    @Test
    void noneAcceptsAnything() {
        registry.setGlobalLevel(CompatibilityLevel.NONE);
        registry.register("a", USER);

        assertThat(registry.register("a", ORDER)).isEqualTo(2);
    }

    @Test
    void backwardTransitiveChecksEveryLiveVersion() {
        // v3 reads v2 (no field a; a has a default) but not v1 (a is an int there).
        registry.register("a", withA("int", null));
        registry.register("a", EMPTY_R);
        String third = withA("string", "\"\"");

        registry.setSubjectLevel("a", CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertError(() -> registry.register("a", third), 409, 409, "{oldSchemaVersion: 1}");

        registry.setSubjectLevel("a", CompatibilityLevel.BACKWARD);
        assertThat(registry.register("a", third)).isEqualTo(3);
    }

    @Test
    void forwardTransitiveChecksEveryLiveVersion() {
        // v1 cannot read v3 (a is missing and v1 has no default); v2 can (it has one).
        registry.setGlobalLevel(CompatibilityLevel.FORWARD_TRANSITIVE);
        registry.register("a", withA("int", null));
        registry.register("a", withA("int", "0"));

        assertError(() -> registry.register("a", EMPTY_R), 409, 409, "{oldSchemaVersion: 1}");
        registry.setGlobalLevel(CompatibilityLevel.FORWARD);
        assertThat(registry.register("a", EMPTY_R)).isEqualTo(3);
    }

    @Test
    void fullTransitiveChecksEveryLiveVersionBothWays() {
        registry.setGlobalLevel(CompatibilityLevel.FULL_TRANSITIVE);
        registry.register("a", withA("int", "0"));
        registry.register("a", EMPTY_R);

        // Fully compatible with v2 (a has a default both ways) but v1 holds a as an int.
        assertError(
                () -> registry.register("a", withA("string", "\"\"")),
                409,
                409,
                "{oldSchemaVersion: 1}");
    }

    @Test
    void transitiveChecksSkipSoftDeletedVersions() {
        registry.register("a", withA("int", null));
        registry.register("a", EMPTY_R);
        registry.setSubjectLevel("a", CompatibilityLevel.BACKWARD_TRANSITIVE);
        registry.deleteVersion("a", new VersionId(1), false);

        assertThat(registry.register("a", withA("string", "\"\""))).isEqualTo(3);
    }

    @Test
    void theCompatibilityCheckUsesTheSubjectsLevelAndWritesNothing() {
        registry.register("a", USER);
        int records = log.size();

        assertThat(registry.checkCompatibility("a", VersionId.LATEST, USER_WITH_EMAIL)).isEmpty();
        assertThat(registry.checkCompatibility("a", new VersionId(1), USER_WITH_AGE))
                .anyMatch(message -> message.contains("READER_FIELD_MISSING_DEFAULT_VALUE"));
        registry.setSubjectLevel("a", CompatibilityLevel.FORWARD);
        assertThat(registry.checkCompatibility("a", VersionId.LATEST, USER_WITH_AGE)).isEmpty();
        assertThat(log.size()).isEqualTo(records + 1);

        assertError(
                () -> registry.checkCompatibility("a", new VersionId(4), USER), 404, 40402, "4");
        assertError(() -> registry.checkCompatibility("b", VersionId.LATEST, USER), 404, 40401);
    }

    @Test
    void aCompatibilityCheckAgainstOneVersionIgnoresTheOthers() {
        registry.register("a", withA("int", null));
        registry.register("a", EMPTY_R);
        registry.setSubjectLevel("a", CompatibilityLevel.BACKWARD_TRANSITIVE);
        String third = withA("string", "\"\"");

        assertThat(registry.checkCompatibility("a", new VersionId(2), third)).isEmpty();
        assertThat(registry.checkCompatibility("a", new VersionId(1), third)).isNotEmpty();
        assertThat(registry.checkCompatibility("a", VersionId.LATEST, third)).isNotEmpty();
    }

    // --- Levels ---

    @Test
    void levelsDefaultToBackwardAndFallBackToTheGlobalOne() {
        assertThat(registry.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertError(() -> registry.subjectLevel("a", false), 404, 40408, "'a'");
        assertThat(registry.subjectLevel("a", true)).isEqualTo(CompatibilityLevel.BACKWARD);

        registry.setGlobalLevel(CompatibilityLevel.FULL);
        assertThat(registry.subjectLevel("a", true)).isEqualTo(CompatibilityLevel.FULL);
        registry.setSubjectLevel("a", CompatibilityLevel.NONE);
        assertThat(registry.subjectLevel("a", false)).isEqualTo(CompatibilityLevel.NONE);

        assertThat(registry.deleteSubjectLevel("a")).isEqualTo(CompatibilityLevel.NONE);
        assertError(() -> registry.deleteSubjectLevel("a"), 404, 40408, "'a'");
        assertThat(registry.deleteGlobalLevel()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(registry.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void levelNamesParseCaseInsensitivelyAndBadOnesAre42203() {
        assertThat(CompatibilityLevel.parse("full_transitive"))
                .isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertError(
                () -> CompatibilityLevel.parse("SIDEWAYS"),
                422,
                42203,
                "'SIDEWAYS'",
                "BACKWARD_TRANSITIVE");
    }

    // --- Failed writes ---

    @Test
    void aFailedWriteIs50001AndChangesNothing() {
        log.failNextAppends(1, false);

        assertError(
                () -> registry.register("a", USER),
                500,
                50001,
                "registering a schema under subject 'a'");
        assertError(() -> registry.versionNumbers("a", true), 404, 40401);

        assertThat(registry.register("a", USER)).isEqualTo(1);
    }

    @Test
    void afterAWriteThatFailedButLandedTheNextWriteSeesIt() {
        log.failNextAppends(1, true);
        assertError(() -> registry.register("a", USER), 500, 50001);
        int replays = log.replays();

        assertThat(registry.register("a", USER)).isEqualTo(1);
        assertThat(log.replays()).as("the state was rebuilt from the log").isEqualTo(replays + 1);
        assertThat(log.size()).as("no second record for the same schema").isEqualTo(1);
        assertThat(registry.register("b", ORDER)).isEqualTo(2);
    }

    @Test
    void aSubjectDeleteThatFailsMidwayLeavesTheRestLiveAndCanBeRetried() {
        registry.register("a", USER);
        registry.register("a", USER_WITH_EMAIL);
        log.failNextAppends(1, false);

        assertError(() -> registry.deleteSubject("a", false), 500, 50001, "subject 'a'");
        assertThat(registry.versionNumbers("a", false)).containsExactly(1, 2);

        assertThat(registry.deleteSubject("a", false)).containsExactly(1, 2);
    }

    // --- A write of several records is seen whole ---

    /** Runs a hook before each append: a reader looking in while a write is under way. */
    private static final class ObservedLog implements RecordLog {
        private final InMemoryRecordLog log;
        private Runnable beforeAppend = () -> {};

        ObservedLog(InMemoryRecordLog log) {
            this.log = log;
        }

        @Override
        public void append(RegistryRecord record) throws RecordLogException {
            beforeAppend.run();
            log.append(record);
        }

        @Override
        public void replay(Consumer<RegistryRecord> sink) {
            log.replay(sink);
        }
    }

    @Test
    void readersNeverSeeAHalfSoftDeletedSubject() {
        ObservedLog observed = new ObservedLog(log);
        RegistryService service = loaded(observed);
        service.register("a", USER);
        service.register("a", USER_WITH_EMAIL);
        List<Object> seen = new ArrayList<>();
        observed.beforeAppend =
                () -> {
                    seen.add(service.versionNumbers("a", false));
                    seen.add(service.subjects(false));
                };

        assertThat(service.deleteSubject("a", false)).containsExactly(1, 2);

        assertThat(seen)
                .as("before each of the two records: both versions live")
                .containsExactly(List.of(1, 2), List.of("a"), List.of(1, 2), List.of("a"));
        assertError(() -> service.versionNumbers("a", false), 404, 40401);
    }

    @Test
    void readersNeverSeeAHalfPermanentlyDeletedSubject() {
        ObservedLog observed = new ObservedLog(log);
        RegistryService service = loaded(observed);
        service.register("a", USER);
        service.register("a", USER_WITH_EMAIL);
        service.deleteSubject("a", false);
        List<Object> seen = new ArrayList<>();
        observed.beforeAppend = () -> seen.add(service.versionNumbers("a", true));

        assertThat(service.deleteSubject("a", true)).containsExactly(1, 2);

        assertThat(seen)
                .as("before the watermark and each tombstone: both versions there")
                .containsExactly(List.of(1, 2), List.of(1, 2), List.of(1, 2));
        assertError(() -> service.versionNumbers("a", true), 404, 40401);
    }

    @Test
    void aDeleteThatFailsMidwayShowsWhatLandedAndCanBeRetried() {
        ObservedLog observed = new ObservedLog(log);
        RegistryService service = loaded(observed);
        service.register("a", USER);
        service.register("a", USER_WITH_EMAIL);
        // The first record (version 1 soft-deleted) lands, the second fails.
        observed.beforeAppend =
                new Runnable() {
                    private int appends;

                    @Override
                    public void run() {
                        if (++appends == 2) {
                            log.failNextAppends(1, false);
                        }
                    }
                };

        assertError(() -> service.deleteSubject("a", false), 500, 50001, "subject 'a'");

        assertThat(service.versionNumbers("a", false))
                .as("version 1's soft delete landed; version 2's did not")
                .containsExactly(2);
        assertThat(loaded(log).versionNumbers("a", false)).containsExactly(2);
        observed.beforeAppend = () -> {};
        assertThat(service.deleteSubject("a", false)).containsExactly(2);
    }
}
