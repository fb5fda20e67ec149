package io.kappareplay.consumer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class JsonRecordsTest {
    private static final Schema ROW =
            new Schema.Parser()
                    .parse(
                            "{\"type\": \"record\", \"name\": \"Row\", \"namespace\": \"t\", \"fields\": ["
                                    + "{\"name\": \"name\", \"type\": \"string\"},"
                                    + "{\"name\": \"count\", \"type\": \"int\"},"
                                    + "{\"name\": \"total\", \"type\": \"long\"},"
                                    + "{\"name\": \"ok\", \"type\": \"boolean\"},"
                                    + "{\"name\": \"ratio\", \"type\": [\"null\", \"float\"]},"
                                    + "{\"name\": \"price\", \"type\": {\"type\": \"bytes\","
                                    + " \"logicalType\": \"decimal\", \"precision\": 10, \"scale\": 2}},"
                                    + "{\"name\": \"raw\", \"type\": \"bytes\"},"
                                    + "{\"name\": \"colour\", \"type\": {\"type\": \"enum\","
                                    + " \"name\": \"Colour\", \"symbols\": [\"RED\", \"BLUE\"]}},"
                                    + "{\"name\": \"tags\", \"type\": {\"type\": \"array\", \"items\": \"string\"}},"
                                    + "{\"name\": \"attrs\", \"type\": {\"type\": \"map\", \"values\": \"long\"}},"
                                    + "{\"name\": \"at\", \"type\": {\"type\": \"long\","
                                    + " \"logicalType\": \"timestamp-millis\"}}]}");

    private static GenericRecord row() {
        GenericRecord row = new GenericData.Record(ROW);
        row.put("name", "a");
        row.put("count", 3);
        row.put("total", 1L << 40);
        row.put("ok", true);
        row.put("ratio", 0.5f);
        Schema price = ROW.getField("price").schema();
        row.put(
                "price",
                new Conversions.DecimalConversion()
                        .toBytes(new BigDecimal("12.30"), price, LogicalTypes.decimal(10, 2)));
        row.put("raw", ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)));
        row.put("colour", new GenericData.EnumSymbol(ROW.getField("colour").schema(), "BLUE"));
        row.put("tags", List.of("x", "y"));
        row.put("attrs", Map.of("k", 7L));
        row.put("at", 1_719_705_600_000L);
        return row;
    }

    @Test
    void aRecordIsPlainJsonWithUnionsUnwrappedDecimalsAsNumbersAndBytesAsBase64() {
        JsonNode json = JsonRecords.toJson(row(), ROW);

        // The decimal keeps its scale: 12.30, not 12.3.
        assertThat(json.toString())
                .isEqualTo(
                        "{\"name\":\"a\",\"count\":3,\"total\":1099511627776,\"ok\":true,"
                                + "\"ratio\":0.5,\"price\":12.30,\"raw\":\"aGk=\",\"colour\":\"BLUE\","
                                + "\"tags\":[\"x\",\"y\"],\"attrs\":{\"k\":7},\"at\":1719705600000}");
    }

    @Test
    void plainJsonReadsBackToTheSameRecord() {
        GenericRecord back =
                JsonRecords.toRecord(JsonRecords.toJson(row(), ROW), ROW, "outputs[0]");

        assertThat(GenericData.get().validate(ROW, back)).isTrue();
        assertThat(back.toString()).isEqualTo(row().toString());
    }

    @Test
    void aWrongValueIsNamedByItsPath() throws Exception {
        JsonNode json = JsonRecords.toJson(row(), ROW);
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("colour", "GREEN");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JsonRecords.toRecord(json, ROW, "outputs[1]"))
                .withMessage("outputs[1].colour: expected one of [RED, BLUE], got \"GREEN\"");

        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("colour", "RED");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("count", 1L << 40);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JsonRecords.toRecord(json, ROW, "outputs[1]"))
                .withMessage(
                        "outputs[1].count: expected a whole number within int, got 1099511627776");

        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("count", 1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("price", 1.234);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JsonRecords.toRecord(json, ROW, "outputs[1]"))
                .withMessage(
                        "outputs[1].price: expected a number with at most 2 decimals, got 1.234");
    }
}
