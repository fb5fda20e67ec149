package io.kappareplay.local.registry;

import io.kappareplay.local.registry.RegistryRecord.SchemaValue;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/**
 * Checks a new schema against earlier versions with Avro's own {@link SchemaCompatibility}, and
 * describes each incompatibility the way Confluent's registry does.
 */
final class CompatibilityCheck {
    private CompatibilityCheck() {}

    /**
     * The incompatibilities of {@code candidate} under {@code level}, empty when it is compatible.
     *
     * @param earlier the live versions to check against, newest first; a level that is not
     *     transitive checks only the first
     */
    static List<String> incompatibilities(
            CompatibilityLevel level, AvroSchema candidate, List<SchemaValue> earlier) {
        List<SchemaValue> against =
                level.transitive || earlier.isEmpty() ? earlier : earlier.subList(0, 1);
        List<String> details = new ArrayList<>();
        for (SchemaValue version : against) {
            Schema old =
                    AvroSchema.ofStored(version.subject(), version.version(), version.schema())
                            .schema();
            String oldName = "version " + version.version();
            List<String> found = new ArrayList<>();
            if (level.backward) {
                found.addAll(describe(candidate.schema(), "the new schema", old, oldName));
            }
            if (level.forward) {
                found.addAll(describe(old, oldName, candidate.schema(), "the new schema"));
            }
            if (!found.isEmpty()) {
                details.addAll(found);
                details.add("{oldSchemaVersion: " + version.version() + "}");
                details.add("{oldSchema: '" + version.schema() + "'}");
            }
        }
        if (!details.isEmpty()) {
            details.add("{compatibility: '" + level + "'}");
        }
        return details;
    }

    private static List<String> describe(
            Schema reader, String readerName, Schema writer, String writerName) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<String> described = new ArrayList<>();
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            String description =
                    incompatibility.getType()
                                    == SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE
                            ? "The field '"
                                    + incompatibility.getMessage()
                                    + "' at path '"
                                    + incompatibility.getLocation()
                                    + "' in "
                                    + readerName
                                    + " has no default value and is missing in "
                                    + writerName
                            : readerName
                                    + " cannot read data written with "
                                    + writerName
                                    + ": "
                                    + incompatibility.getMessage()
                                    + " at path '"
                                    + incompatibility.getLocation()
                                    + "'";
            described.add(
                    "{errorType:'"
                            + incompatibility.getType()
                            + "', description:'"
                            + description
                            + "', additionalInfo:'"
                            + incompatibility.getMessage()
                            + "'}");
        }
        if (described.isEmpty()) {
            described.add(
                    "{errorType:'"
                            + result.getType()
                            + "', description:'"
                            + readerName
                            + " cannot read data written with "
                            + writerName
                            + "'}");
        }
        return described;
    }
}
