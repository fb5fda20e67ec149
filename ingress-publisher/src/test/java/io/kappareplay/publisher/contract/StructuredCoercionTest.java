package io.kappareplay.publisher.contract;

import static io.kappareplay.publisher.contract.OneField.accepted;
import static io.kappareplay.publisher.contract.OneField.rejected;
import static io.kappareplay.publisher.contract.SparkRows.map;
import static io.kappareplay.publisher.contract.SparkRows.row;
import static io.kappareplay.publisher.contract.SparkRows.seq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Enums, nested structs, arrays and maps, nulls, defaults, and what a rejected row reports. */
class StructuredCoercionTest {
    private static final String COLOR =
            "{\"type\": \"enum\", \"name\": \"Color\", \"symbols\": [\"RED\", \"GREEN\", \"BLUE\"]}";

    private static final Schema ORDER =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Order", "namespace": "test.kappa", "fields": [
                              {"name": "id", "type": "string"},
                              {"name": "address", "type": {"type": "record", "name": "Address", "fields": [
                                {"name": "city", "type": "string"},
                                {"name": "zip", "type": ["null", "string"], "default": null}]}},
                              {"name": "items", "type": {"type": "array", "items": {
                                "type": "record", "name": "Item", "fields": [
                                  {"name": "sku", "type": "string"},
                                  {"name": "qty", "type": "int"}]}}},
                              {"name": "attributes", "type": {"type": "map", "values": "long"}},
                              {"name": "note", "type": ["null", "string"]},
                              {"name": "channel", "type": "string", "default": "warehouse"}]}
                            """);

    private static final StructType ADDRESS =
            new StructType().add("city", DataTypes.StringType).add("zip", DataTypes.StringType);
    private static final StructType ITEM =
            new StructType().add("sku", DataTypes.StringType).add("qty", DataTypes.IntegerType);
    private static final StructType ORDERS =
            new StructType()
                    .add("order_id", DataTypes.StringType, false)
                    .add("address", ADDRESS)
                    .add("items", DataTypes.createArrayType(ITEM, true))
                    .add(
                            "attributes",
                            DataTypes.createMapType(
                                    DataTypes.StringType, DataTypes.IntegerType, true))
                    .add("note", DataTypes.StringType);

    private static RowCoercer orders() {
        return ContractBinding.bind(ORDERS, "order_id", Map.of("order_id", "id"), ORDER).coercer();
    }

    @Test
    void enumSymbolsAreMatchedExactly() {
        Object green = accepted(DataTypes.StringType, COLOR, "GREEN");
        assertThat(green).isInstanceOf(GenericData.EnumSymbol.class);
        assertThat(green).hasToString("GREEN");

        FieldReject lowerCase = rejected(DataTypes.StringType, COLOR, "green");
        assertThat(lowerCase.reason()).isEqualTo(RejectReason.UNKNOWN_ENUM_SYMBOL);
        assertThat(lowerCase.message())
                .isEqualTo(
                        "v: 'green' is not a symbol of enum test.Color (RED, GREEN, BLUE); did you"
                                + " mean 'GREEN'? Symbols are matched exactly; map the value in the"
                                + " source (upper(col))");
        assertThat(rejected(DataTypes.StringType, COLOR, "PURPLE").fix())
                .isEqualTo(
                        "map the value to a symbol in the source, or add it to the contract's enum");
    }

    @Test
    void nestedStructsArraysAndMapsBecomeRecordsListsAndMaps() {
        Row source =
                row(
                        "o-1",
                        row("Lyon", null),
                        seq(row("a", 1), row("b", 2)),
                        map("weight", 7, "height", 3),
                        "gift");

        RowCoercion coercion = orders().coerce(source);

        assertThat(coercion).isInstanceOf(RowCoercion.Accepted.class);
        GenericRecord order = ((RowCoercion.Accepted) coercion).record();
        assertThat(order.get("id")).isEqualTo("o-1");
        GenericRecord address = (GenericRecord) order.get("address");
        assertThat(address.get("city")).isEqualTo("Lyon");
        assertThat(address.get("zip")).isNull();
        List<?> items = (List<?>) order.get("items");
        assertThat(items).hasSize(2);
        assertThat(((GenericRecord) items.get(1)).get("sku")).isEqualTo("b");
        assertThat(((GenericRecord) items.get(1)).get("qty")).isEqualTo(2);
        Map<?, ?> attributes = (Map<?, ?>) order.get("attributes");
        assertThat(attributes).isEqualTo(Map.of("weight", 7L, "height", 3L));
        assertThat(List.copyOf(attributes.keySet())).isEqualTo(List.of("weight", "height"));
        assertThat(order.get("note")).isEqualTo("gift");
        assertThat(order.get("channel")).hasToString("warehouse");
    }

    /**
     * Every top-level field that fails is reported, in contract order, with the path to the value
     * inside it; the column is named by its source name.
     */
    @Test
    void rejectedRowNamesEveryFailingFieldWithItsPath() {
        Row source =
                row(
                        null,
                        row(null, "69001"),
                        seq(row("a", 1), row("b", null)),
                        map("weight", 7, "height", null),
                        null);

        RowCoercion coercion = orders().coerce(source);

        assertThat(coercion).isInstanceOf(RowCoercion.Rejected.class);
        List<FieldReject> rejects = ((RowCoercion.Rejected) coercion).rejects();
        assertThat(rejects)
                .extracting(FieldReject::field, FieldReject::column, FieldReject::reason)
                .containsExactly(
                        tuple("id", Optional.of("order_id"), RejectReason.NULL_IN_REQUIRED_FIELD),
                        tuple(
                                "address.city",
                                Optional.of("address.city"),
                                RejectReason.NULL_IN_REQUIRED_FIELD),
                        tuple(
                                "items[1].qty",
                                Optional.of("items[1].qty"),
                                RejectReason.NULL_IN_REQUIRED_FIELD),
                        tuple(
                                "attributes{height}",
                                Optional.of("attributes{height}"),
                                RejectReason.NULL_IN_REQUIRED_FIELD));
        assertThat(rejects.get(0).message())
                .isEqualTo(
                        "id (column order_id): is null, and the contract field does not take"
                                + " null; fill the value in the source, or make the field nullable"
                                + " in the contract ([\"null\", ...] with \"default\": null)");
        assertThat(rejects.get(2).value()).isEmpty();
    }

    /** A field's default fills it only when no column does; a null from a column is a reject. */
    @Test
    void nullIsNeverReplacedByTheDefault() {
        Schema contract =
                new Schema.Parser()
                        .parse(
                                "{\"type\": \"record\", \"name\": \"R\", \"fields\": ["
                                        + "{\"name\": \"k\", \"type\": \"string\"},"
                                        + "{\"name\": \"channel\", \"type\": \"string\","
                                        + " \"default\": \"warehouse\"}]}");
        StructType source =
                new StructType()
                        .add("k", DataTypes.StringType)
                        .add("channel", DataTypes.StringType);
        RowCoercion coercion =
                ContractBinding.bind(source, "k", Map.of(), contract)
                        .coercer()
                        .coerce(row("k-1", null));

        assertThat(coercion).isInstanceOf(RowCoercion.Rejected.class);
        assertThat(((RowCoercion.Rejected) coercion).rejects().get(0).reason())
                .isEqualTo(RejectReason.NULL_IN_REQUIRED_FIELD);
    }

    @Test
    void nullableUnionsTakeNullAndValues() {
        String nullableLong = "[\"null\", \"long\"]";
        assertThat(accepted(DataTypes.IntegerType, nullableLong, null)).isNull();
        assertThat(accepted(DataTypes.IntegerType, nullableLong, 5)).isEqualTo(5L);
        assertThat(accepted(DataTypes.IntegerType, "[\"long\", \"null\"]", 5)).isEqualTo(5L);
    }

    /**
     * Spark ships the coercer to its executors with Java serialization; it must come back whole.
     */
    @Test
    void coercerSurvivesJavaSerialization() throws IOException, ClassNotFoundException {
        RowCoercer coercer = orders();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(coercer);
        }
        RowCoercer copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (RowCoercer) in.readObject();
        }

        Row source = row("o-1", row("Lyon", "69001"), seq(row("a", 1)), map("w", 7), null);
        assertThat(copy.contract()).isEqualTo(ORDER);
        assertThat(((RowCoercion.Accepted) copy.coerce(source)).record())
                .isEqualTo(((RowCoercion.Accepted) coercer.coerce(source)).record());
    }

    @Test
    void rowOfAnotherShapeIsAProgrammingError() {
        assertThatThrownBy(() -> orders().coerce(row("o-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "The row has 1 values, and the source schema this coercer was bound to has"
                                + " 5 columns (order_id, address, items, attributes, note); bind"
                                + " the coercer to the schema of the Dataset whose rows it"
                                + " coerces");
    }
}
