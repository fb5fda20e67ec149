package io.kappareplay.publisher.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The pre-flight reconciliation: what it finds, what it decides, and how it prints. */
class ContractBindingTest {

    private static final Schema CUSTOMER =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Customer", "namespace": "test.kappa", "fields": [
                              {"name": "id", "type": "string"},
                              {"name": "name", "type": "string"},
                              {"name": "segment", "type": ["null", "string"]},
                              {"name": "score", "type": "float"},
                              {"name": "visits", "type": "int"},
                              {"name": "balance", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
                              {"name": "joined", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                              {"name": "seen", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                              {"name": "vip", "type": "boolean"},
                              {"name": "active", "type": "boolean"},
                              {"name": "tags", "type": {"type": "map", "values": "long"}},
                              {"name": "kind", "type": ["int", "string"]},
                              {"name": "region", "type": "string", "default": "eu"},
                              {"name": "level", "type": {"type": "int", "logicalType": "time-millis"}},
                              {"name": "email", "type": "string"}]}
                            """);

    private static final StructType CUSTOMERS =
            new StructType()
                    .add("cust_id", DataTypes.StringType, true)
                    .add("Name", DataTypes.StringType, false)
                    .add("score", DataTypes.DoubleType, false)
                    .add("visits", DataTypes.LongType, false)
                    .add("balance", DataTypes.createDecimalType(20, 4), false)
                    .add("joined", DataTypes.TimestampType, false)
                    .add("seen", DataTypes.TimestampNTZType, false)
                    .add("vip", DataTypes.StringType, false)
                    .add("active", DataTypes.IntegerType, false)
                    .add(
                            "tags",
                            DataTypes.createMapType(DataTypes.IntegerType, DataTypes.LongType),
                            false)
                    .add("kind", DataTypes.StringType, false)
                    .add("level", DataTypes.IntegerType, false)
                    .add("email", DataTypes.StringType, false)
                    .add("mail", DataTypes.StringType, false)
                    .add("loaded_at", DataTypes.TimestampType, false);

    private static final Schema ORDER =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Order", "namespace": "test.kappa", "fields": [
                              {"name": "order_id", "type": "string"},
                              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
                              {"name": "note", "type": ["null", "string"], "default": null}]}
                            """);

    private static final StructType ORDERS =
            new StructType()
                    .add("order_id", DataTypes.StringType, false)
                    .add("amt", DataTypes.createDecimalType(12, 4), true)
                    .add("extra", DataTypes.IntegerType, false);

    private static ContractBinding customers() {
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("cust_id", "id");
        mapping.put("mail", "email");
        mapping.put("ghost", "phone");
        return ContractBinding.bind(CUSTOMERS, "customer_key", mapping, CUSTOMER);
    }

    private static ContractBinding orders() {
        return ContractBinding.bind(ORDERS, "order_id", Map.of("amt", "amount"), ORDER);
    }

    @Test
    void findsEveryKindOfMismatchErrorsFirst() {
        ReconciliationReport report = customers().report();

        assertThat(report.findings())
                .extracting(Finding::kind, Finding::field, Finding::column)
                .containsExactly(
                        tuple(
                                FindingKind.UNKNOWN_MAPPED_COLUMN,
                                Optional.of("phone"),
                                Optional.of("ghost")),
                        tuple(
                                FindingKind.MISSING_KEY_COLUMN,
                                Optional.empty(),
                                Optional.of("customer_key")),
                        tuple(
                                FindingKind.DUPLICATE_FIELD_SOURCE,
                                Optional.of("email"),
                                Optional.of("mail")),
                        tuple(FindingKind.MISSING_FIELD, Optional.of("name"), Optional.empty()),
                        tuple(FindingKind.MISSING_FIELD, Optional.of("segment"), Optional.empty()),
                        tuple(FindingKind.TYPE_MISMATCH, Optional.of("seen"), Optional.of("seen")),
                        tuple(
                                FindingKind.TYPE_MISMATCH,
                                Optional.of("active"),
                                Optional.of("active")),
                        tuple(FindingKind.TYPE_MISMATCH, Optional.of("tags"), Optional.of("tags")),
                        tuple(
                                FindingKind.UNSUPPORTED_CONTRACT_TYPE,
                                Optional.of("kind"),
                                Optional.of("kind")),
                        tuple(
                                FindingKind.UNSUPPORTED_CONTRACT_TYPE,
                                Optional.of("level"),
                                Optional.of("level")),
                        tuple(
                                FindingKind.NULLS_REJECTED,
                                Optional.of("id"),
                                Optional.of("cust_id")),
                        tuple(
                                FindingKind.LOSSY_CONVERSION,
                                Optional.of("score"),
                                Optional.of("score")),
                        tuple(
                                FindingKind.LOSSY_CONVERSION,
                                Optional.of("visits"),
                                Optional.of("visits")),
                        tuple(
                                FindingKind.LOSSY_CONVERSION,
                                Optional.of("balance"),
                                Optional.of("balance")),
                        tuple(
                                FindingKind.TRUNCATED_PRECISION,
                                Optional.of("joined"),
                                Optional.of("joined")),
                        tuple(FindingKind.PARSED_FROM_TEXT, Optional.of("vip"), Optional.of("vip")),
                        tuple(FindingKind.UNMAPPED_COLUMN, Optional.empty(), Optional.of("Name")),
                        tuple(
                                FindingKind.UNMAPPED_COLUMN,
                                Optional.empty(),
                                Optional.of("loaded_at")),
                        tuple(
                                FindingKind.FILLED_WITH_DEFAULT,
                                Optional.of("region"),
                                Optional.empty()));
        assertThat(report.verdict()).isEqualTo(Verdict.STOP);
        assertThat(report.count(Severity.ERROR)).isEqualTo(10);
        assertThat(report.count(Severity.WARNING)).isEqualTo(8);
        assertThat(report.count(Severity.INFO)).isEqualTo(1);
    }

    /** Each error says what to do, in the user's terms: spec keys, SQL, contract changes. */
    @Test
    void errorsNameTheirFix() {
        Map<String, String> details = new LinkedHashMap<>();
        for (Finding finding : customers().report().findings(Severity.ERROR)) {
            details.put(
                    finding.field().orElseGet(() -> finding.column().orElseThrow()),
                    finding.detail());
        }

        assertThat(details.get("phone"))
                .isEqualTo(
                        "ingress.column-mapping.ghost names a column the source does not have; its"
                                + " columns: cust_id, Name, score, visits, balance, joined, seen,"
                                + " vip, active, tags, kind, level, email, mail, loaded_at; fix the"
                                + " column name or remove the entry");
        assertThat(details.get("email"))
                .isEqualTo(
                        "column email fills this field too; map only one of them to it with"
                                + " ingress.column-mapping, or drop the other in the source");
        assertThat(details.get("name"))
                .isEqualTo(
                        "no column fills it and it has no default; column Name differs only in"
                                + " case: map it with ingress.column-mapping.Name: name, or give"
                                + " the field a default in the contract");
        assertThat(details.get("segment"))
                .isEqualTo(
                        "no column fills it and it has no default; map a column to it with"
                                + " ingress.column-mapping.<column>: segment. The field takes null,"
                                + " but a missing column is more often a misspelt name than a wish"
                                + " for null: to publish null, declare \"default\": null in the"
                                + " contract");
        assertThat(details.get("seen"))
                .isEqualTo(
                        "values of type timestamp_ntz cannot fill a field of type"
                                + " timestamp-millis; timestamp_ntz is a wall-clock time without a"
                                + " zone: convert it in the source with to_utc_timestamp(col,"
                                + " '<zone>'), or make the field local-timestamp-millis");
        assertThat(details.get("active"))
                .isEqualTo(
                        "values of type int cannot fill a field of type boolean; cast the"
                                + " column in the source (CAST(col AS BOOLEAN)) or change the"
                                + " contract field's type");
        assertThat(details.get("tags"))
                .contains("transform_keys(col, (k, v) -> CAST(k AS STRING))");
        assertThat(details.get("kind"))
                .startsWith("the publisher fills only unions of null and one type");
        assertThat(details.get("level"))
                .startsWith("the logical type time-millis has no Spark 4.0");
    }

    @Test
    void stopMeansNoCoercer() {
        ContractBinding binding = customers();

        assertThatThrownBy(binding::coercer)
                .isInstanceOf(ContractMismatchException.class)
                .hasMessageStartingWith(
                        "The source does not fit contract test.kappa.Customer; nothing was"
                                + " published:\nContract test.kappa.Customer against a source of 15"
                                + " columns: 10 errors, 8 warnings, 1 info. STOP: the errors would"
                                + " reject every row, so nothing is published; fix the source, the"
                                + " column mapping or the contract and run again\nSEVERITY")
                .satisfies(
                        e ->
                                assertThat(((ContractMismatchException) e).report())
                                        .isEqualTo(binding.report()));
    }

    @Test
    void warningsAloneProceed() {
        ContractBinding binding = orders();

        assertThat(binding.report().verdict()).isEqualTo(Verdict.PROCEED);
        assertThat(binding.coercer().contract()).isEqualTo(ORDER);
    }

    @Test
    void reportPrintsAsATable() {
        assertThat(orders().report().toTable())
                .isEqualTo(
                        "Contract test.kappa.Order against a source of 3 columns: 0 errors, 3"
                                + " warnings, 1 info. PROCEED: rows that do not fit are rejected"
                                + " one by one\n"
                                + "SEVERITY  FINDING              FIELD   COLUMN  SOURCE TYPE    CONTRACT TYPE   DETAIL\n"
                                + "WARNING   LOSSY_CONVERSION     amount  amt     decimal(12,4)  decimal(10,2)   values with more than 2 decimal places or more than 8 integer digits are rejected, never rounded\n"
                                + "WARNING   NULLS_REJECTED       amount  amt     decimal(12,4)  decimal(10,2)   the column may hold null and the field does not take null: rows holding null here are rejected; make the field [\"null\", ...] if null is a valid value\n"
                                + "WARNING   UNMAPPED_COLUMN      -       extra   int            -               the contract record test.kappa.Order has no field of this name; it is not published\n"
                                + "INFO      FILLED_WITH_DEFAULT  note    -       -              string or null  no column fills it; every record gets its default, null\n");
    }

    @Test
    void reportPrintsAsJson() throws IOException {
        JsonNode json = new ObjectMapper().readTree(orders().report().toJson());

        assertThat(json.get("contract").asText()).isEqualTo("test.kappa.Order");
        assertThat(json.get("source_columns").asInt()).isEqualTo(3);
        assertThat(json.get("verdict").asText()).isEqualTo("PROCEED");
        assertThat(json.get("errors").asInt()).isZero();
        assertThat(json.get("warnings").asInt()).isEqualTo(3);
        assertThat(json.get("infos").asInt()).isEqualTo(1);
        assertThat(json.get("findings")).hasSize(4);
        JsonNode unmapped = json.get("findings").get(2);
        assertThat(unmapped.get("severity").asText()).isEqualTo("WARNING");
        assertThat(unmapped.get("kind").asText()).isEqualTo("UNMAPPED_COLUMN");
        assertThat(unmapped.get("field").isNull()).isTrue();
        assertThat(unmapped.get("column").asText()).isEqualTo("extra");
        assertThat(unmapped.get("source_type").asText()).isEqualTo("int");
        assertThat(unmapped.get("contract_type").isNull()).isTrue();
        assertThat(unmapped.get("detail").asText())
                .isEqualTo(
                        "the contract record test.kappa.Order has no field of this name; it is not"
                                + " published");
    }

    /** Nested structs match by name; what is missing or left over is named by its path. */
    @Test
    void nestedFieldsAreReconciledByPath() {
        Schema contract =
                new Schema.Parser()
                        .parse(
                                """
                                {"type": "record", "name": "Shipment", "fields": [
                                  {"name": "id", "type": "string"},
                                  {"name": "lines", "type": {"type": "array", "items": {
                                    "type": "record", "name": "Line", "fields": [
                                      {"name": "sku", "type": "string"},
                                      {"name": "weight", "type": "float"}]}}}]}
                                """);
        StructType line =
                new StructType()
                        .add("sku", DataTypes.StringType, false)
                        .add("weight_kg", DataTypes.DoubleType, false);
        StructType source =
                new StructType()
                        .add("id", DataTypes.StringType, false)
                        .add("lines", DataTypes.createArrayType(line, false), false);

        ReconciliationReport report =
                ContractBinding.bind(source, "id", Map.of(), contract).report();

        assertThat(report.findings())
                .extracting(Finding::kind, Finding::field, Finding::column)
                .containsExactly(
                        tuple(
                                FindingKind.MISSING_FIELD,
                                Optional.of("lines[].weight"),
                                Optional.empty()),
                        tuple(
                                FindingKind.UNMAPPED_COLUMN,
                                Optional.empty(),
                                Optional.of("lines[].weight_kg")));
        assertThat(report.findings().get(0).detail())
                .isEqualTo(
                        "no column fills it and it has no default; add it to the struct column"
                                + " lines[], or give the field a default in the contract");
    }
}
