package io.kappareplay.publisher.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * A contract of one field {@code v} and a source of one column {@code v}: the smallest setting in
 * which to pin what one value becomes.
 */
final class OneField {
    private OneField() {}

    static ContractBinding bind(DataType column, boolean nullable, String avroType) {
        Schema contract =
                new Schema.Parser()
                        .parse(
                                "{\"type\": \"record\", \"name\": \"One\", \"namespace\": \"test\","
                                        + " \"fields\": [{\"name\": \"v\", \"type\": "
                                        + avroType
                                        + "}]}");
        return ContractBinding.bind(
                new StructType().add("v", column, nullable), "v", Map.of(), contract);
    }

    static RowCoercion coerce(DataType column, String avroType, Object value) {
        return bind(column, true, avroType).coercer().coerce(SparkRows.row(value));
    }

    /** What {@code value} becomes in field {@code v}; fails the test when the row is rejected. */
    static Object accepted(DataType column, String avroType, Object value) {
        RowCoercion coercion = coerce(column, avroType, value);
        assertThat(coercion).isInstanceOf(RowCoercion.Accepted.class);
        return ((RowCoercion.Accepted) coercion).record().get("v");
    }

    /** The one reject of a row holding {@code value}; fails the test when it is accepted. */
    static FieldReject rejected(DataType column, String avroType, Object value) {
        RowCoercion coercion = coerce(column, avroType, value);
        assertThat(coercion).isInstanceOf(RowCoercion.Rejected.class);
        assertThat(((RowCoercion.Rejected) coercion).rejects()).hasSize(1);
        return ((RowCoercion.Rejected) coercion).rejects().get(0);
    }
}
