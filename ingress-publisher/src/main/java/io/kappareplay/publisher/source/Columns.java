package io.kappareplay.publisher.source;

import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Source columns by their exact names, and the instants held in them. */
final class Columns {
    private Columns() {}

    /**
     * The column named {@code name}, quoted, so that a dot in a name is part of it rather than a
     * path into a struct.
     */
    static Column named(String name) {
        return functions.col(quoted(name));
    }

    static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /**
     * @throws SourceException naming {@code specKey}, the column and the columns there are
     */
    static StructField field(StructType schema, String name, String specKey) {
        for (StructField field : schema.fields()) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        String hint =
                Arrays.stream(schema.fieldNames())
                        .filter(other -> other.equalsIgnoreCase(name))
                        .findFirst()
                        .map(other -> "; did you mean '" + other + "' (names are case-sensitive)?")
                        .orElse("");
        throw new SourceException(
                specKey
                        + ": the source has no column '"
                        + name
                        + "'; its columns are "
                        + String.join(", ", schema.fieldNames())
                        + hint);
    }

    /**
     * The instant a point-in-time column holds, for comparison with the spec's instants. A {@code
     * timestamp} column is an instant already. Text (CSV has only text) is cast the way Spark casts
     * it: ISO-8601 with {@code Z} or an offset is exact; text without one is read in {@code
     * spark.sql.session.timeZone}; text that is no timestamp is null, and its row is in no
     * snapshot.
     *
     * @throws SourceException if the column is missing or of another type
     */
    static Column instantOf(StructType schema, String name, String specKey) {
        DataType type = field(schema, name, specKey).dataType();
        if (type.equals(DataTypes.TimestampType)) {
            return named(name);
        }
        if (type.equals(DataTypes.StringType)) {
            return functions.expr("try_cast(" + quoted(name) + " AS TIMESTAMP)");
        }
        throw new SourceException(
                specKey
                        + ": column '"
                        + name
                        + "' is "
                        + type.simpleString().toLowerCase(Locale.ROOT)
                        + ", which holds no instant; name a timestamp column (or, in CSV, a text"
                        + " column of ISO-8601 instants with an offset, e.g."
                        + " 2024-06-30T00:00:00Z). A timestamp_ntz column needs a zone: derive a"
                        + " timestamp column with to_utc_timestamp in the source");
    }
}
