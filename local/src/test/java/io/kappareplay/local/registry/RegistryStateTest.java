package io.kappareplay.local.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kappareplay.local.registry.RegistryRecord.ConfigKey;
import io.kappareplay.local.registry.RegistryRecord.SchemaKey;
import io.kappareplay.local.registry.RegistryRecord.SchemaValue;
import org.junit.jupiter.api.Test;

class RegistryStateTest {
    private final RegistryState state = new RegistryState();

    private void put(String subject, int version, int id, String schema, boolean deleted) {
        state.apply(RegistryRecord.schema(new SchemaValue(subject, version, id, schema, deleted)));
    }

    private void tombstone(String subject, int version) {
        state.apply(RegistryRecord.tombstone(new SchemaKey(subject, version)));
    }

    @Test
    void anEmptyStateHasNothingAndTheDefaultLevel() {
        assertThat(state.subjects(true)).isEmpty();
        assertThat(state.maxId()).isZero();
        assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(state.versions("s")).isEmpty();
    }

    @Test
    void schemaRecordsBuildSubjectsVersionsAndIds() {
        put("b", 1, 1, "\"int\"", false);
        put("a", 1, 2, "\"long\"", false);
        put("a", 2, 1, "\"int\"", false);

        assertThat(state.subjects(false)).containsExactly("a", "b");
        assertThat(state.versions("a", false))
                .extracting(SchemaValue::version)
                .containsExactly(1, 2);
        assertThat(state.schemaById(1)).contains("\"int\"");
        assertThat(state.idOf("\"long\"")).hasValue(2);
        assertThat(state.versionsWithId(1, false))
                .extracting(SchemaValue::subject, SchemaValue::version)
                .containsExactly(tuple("a", 2), tuple("b", 1));
        assertThat(state.maxId()).isEqualTo(2);
    }

    @Test
    void softDeletedVersionsKeepTheirIdButLeaveTheLiveViews() {
        put("a", 1, 1, "\"int\"", false);
        put("a", 1, 1, "\"int\"", true);

        assertThat(state.subjects(false)).isEmpty();
        assertThat(state.subjects(true)).containsExactly("a");
        assertThat(state.versions("a", false)).isEmpty();
        assertThat(state.versions("a", true)).hasSize(1);
        assertThat(state.schemaById(1)).contains("\"int\"");
        assertThat(state.idOf("\"int\"")).hasValue(1);
        assertThat(state.versionsWithId(1, false)).isEmpty();
        assertThat(state.versionsWithId(1, true)).hasSize(1);
    }

    @Test
    void aTombstoneForgetsTheIdOnlyWhenNoVersionHoldsIt() {
        put("a", 1, 1, "\"int\"", true);
        put("b", 1, 1, "\"int\"", false);

        tombstone("a", 1);
        assertThat(state.subjects(true)).containsExactly("b");
        assertThat(state.schemaById(1)).contains("\"int\"");

        tombstone("b", 1);
        assertThat(state.subjects(true)).isEmpty();
        assertThat(state.schemaById(1)).isEmpty();
        assertThat(state.idOf("\"int\"")).isEmpty();
        assertThat(state.maxId()).as("the highest id is never forgotten").isEqualTo(1);
    }

    @Test
    void aTombstoneForAnUnknownKeyChangesNothing() {
        tombstone("nobody", 3);
        state.apply(RegistryRecord.tombstone(new ConfigKey("nobody")));

        assertThat(state.subjects(true)).isEmpty();
    }

    @Test
    void theIdWatermarkRaisesTheHighestIdButNeverLowersIt() {
        state.apply(RegistryRecord.idWatermark(5));
        assertThat(state.maxId()).isEqualTo(5);

        put("a", 1, 7, "\"int\"", false);
        state.apply(RegistryRecord.idWatermark(3));
        assertThat(state.maxId()).isEqualTo(7);
    }

    @Test
    void rewritingAVersionMovesItsIdReference() {
        put("a", 1, 1, "\"int\"", false);
        put("a", 1, 2, "\"long\"", false);

        assertThat(state.schemaById(1)).isEmpty();
        assertThat(state.schemaById(2)).contains("\"long\"");
    }

    @Test
    void twoIdsForOneTextResolveToTheLowestThenToTheSurvivor() {
        // Only a topic another registry wrote can hold this.
        put("a", 1, 4, "\"int\"", false);
        put("b", 1, 3, "\"int\"", false);
        assertThat(state.idOf("\"int\"")).hasValue(3);

        tombstone("b", 1);
        assertThat(state.idOf("\"int\"")).hasValue(4);
    }

    @Test
    void configRecordsSetAndClearLevels() {
        state.apply(RegistryRecord.config(null, CompatibilityLevel.FULL));
        assertThat(state.effectiveLevel("a")).isEqualTo(CompatibilityLevel.FULL);

        state.apply(RegistryRecord.config("a", CompatibilityLevel.NONE));
        assertThat(state.subjectLevel("a")).contains(CompatibilityLevel.NONE);
        assertThat(state.effectiveLevel("a")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(state.effectiveLevel("b")).isEqualTo(CompatibilityLevel.FULL);

        state.apply(RegistryRecord.tombstone(new ConfigKey("a")));
        assertThat(state.subjectLevel("a")).isEmpty();
        state.apply(RegistryRecord.tombstone(new ConfigKey(null)));
        assertThat(state.globalLevel()).isEmpty();
        assertThat(state.effectiveLevel("a")).isEqualTo(CompatibilityLevel.BACKWARD);
    }
}
