package io.kappareplay.schemas.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kappareplay.schemas.spec.PointInTime.AsOf;
import io.kappareplay.schemas.spec.PointInTime.LatestPerKey;
import io.kappareplay.schemas.spec.PointInTime.Window;
import io.kappareplay.schemas.spec.SchemaReference.AvscFile;
import io.kappareplay.schemas.spec.SchemaReference.RegistrySubject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSpecParserTest {

    private static final Map<String, String> ENVIRONMENT =
            Map.of(
                    "KAFKA_PASSWORD",
                    "kafka-secret",
                    "REGISTRY_PASSWORD",
                    "registry-secret",
                    "SCORE_STORE_PASSWORD",
                    "store-secret");

    private final JobSpecParser parser = new JobSpecParser(ENVIRONMENT);

    @Test
    void fullSpecReadsEveryKey() {
        Path file = SpecFiles.valid("full");

        JobSpec spec = parser.parse(file);

        assertThat(spec.jobId()).isEqualTo("customers-backfill-7");
        assertThat(spec.names().ingressTopic()).isEqualTo("kappa.customers-backfill-7.ingress");

        SourceSpec source = spec.source();
        assertThat(source.format()).isEqualTo(SourceFormat.CSV);
        assertThat(source.path()).contains("hdfs://namenode:8020/exports/customers");
        assertThat(source.table()).isEmpty();
        assertThat(source.keyColumn()).isEqualTo("customer_id");
        assertThat(source.csv()).contains(new CsvOptions(false, ';'));
        assertThat(source.pointInTime())
                .isEqualTo(
                        new AsOf(
                                Optional.of(Instant.parse("2024-06-30T12:00:00Z")),
                                OptionalLong.empty(),
                                Optional.of(new ValidityColumns("valid_from", "valid_to"))));

        IngressSpec ingress = spec.ingress();
        assertThat(ingress.contract())
                .isEqualTo(new AvscFile(file.getParent().resolve("contracts/customer.avsc")));
        assertThat(ingress.columnMapping())
                .containsExactly(
                        Map.entry("cust_name", "name"), Map.entry("cust_segment", "segment"));
        assertThat(ingress.contractField("cust_name")).isEqualTo("name");
        assertThat(ingress.contractField("customer_id")).isEqualTo("customer_id");
        assertThat(ingress.partitions()).isEqualTo(12);
        assertThat(ingress.rejectBudget()).isEqualTo(0.05);

        assertThat(spec.service().handler())
                .contains("com.example.customers.CustomersReplayHandler");
        assertThat(spec.service().output()).contains(new RegistrySubject("customers-scored-value"));
        assertThat(spec.service().properties())
                .containsExactly(
                        Map.entry("scoring.segment-model", "v7"),
                        Map.entry("scoring.store.password", "store-secret"));
        assertThat(spec.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(spec.groupType()).isEqualTo(GroupType.CONSUMER);
        assertThat(spec.warehouseRoot()).isEqualTo(URI.create("s3a://lake/warehouse"));
        assertThat(spec.reconciliation()).isEqualTo(new ReconciliationTolerances(3, 7));

        assertThat(spec.kafka().bootstrapServers()).isEqualTo("broker-1:9093, broker-2:9093");
        assertThat(spec.kafka().properties())
                .containsExactly(
                        Map.entry("security.protocol", "SASL_SSL"),
                        Map.entry("sasl.mechanism", "PLAIN"),
                        Map.entry(
                                "sasl.jaas.config",
                                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                                        + " username=\"replay\" password=\"kafka-secret\";"),
                        Map.entry("ssl.truststore.location", "/etc/kafka/truststore.jks"),
                        // As written, not as YAML's octal reading (16).
                        Map.entry("linger.ms", "020"),
                        // YAML's "yes" in the only spelling clients accept.
                        Map.entry("enable.idempotence", "true"));
        assertThat(spec.registry().url())
                .isEqualTo(URI.create("https://registry.example.com:8443/apis/ccompat/v7"));
        assertThat(spec.registry().properties())
                .containsExactly(
                        Map.entry("basic.auth.credentials.source", "USER_INFO"),
                        Map.entry("basic.auth.user.info", "replay:registry-secret"));
    }

    @Test
    void minimalSpecTakesEveryDefault() {
        JobSpec spec = parser.parse(SpecFiles.valid("minimal"));

        assertThat(spec.source().csv()).isEmpty();
        assertThat(spec.ingress().columnMapping()).isEmpty();
        assertThat(spec.ingress().partitions()).isEqualTo(100);
        assertThat(spec.ingress().rejectBudget()).isEqualTo(0.0);
        assertThat(spec.service().output()).isEmpty();
        assertThat(spec.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(spec.groupType()).isEqualTo(GroupType.CONSUMER);
        assertThat(spec.reconciliation().maxMissing()).isZero();
        assertThat(spec.reconciliation().maxDuplicates()).isZero();
        assertThat(spec.kafka().properties()).isEmpty();
        assertThat(spec.registry().properties()).isEmpty();
        // The constants the defaults are documented by hold the same values.
        assertThat(IngressSpec.DEFAULT_PARTITIONS).isEqualTo(100);
        assertThat(IngressSpec.DEFAULT_REJECT_BUDGET).isEqualTo(0.0);
        assertThat(JobSpec.DEFAULT_DELIVERY_GUARANTEE).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(JobSpec.DEFAULT_GROUP_TYPE).isEqualTo(GroupType.CONSUMER);
        assertThat(ReconciliationTolerances.NONE).isEqualTo(new ReconciliationTolerances(0, 0));
    }

    @Test
    void withoutAServiceSectionTheHandlerIsLeftToTheServiceLoader() throws Exception {
        String yaml =
                java.nio.file.Files.readString(SpecFiles.valid("minimal"))
                        .replace(
                                "service:\n  handler: com.example.orders.OrdersReplayHandler\n",
                                "");
        assertThat(yaml).doesNotContain("service");

        JobSpec spec = parser.parse(yaml, "no-service");

        assertThat(spec.service().handler()).isEmpty();
        assertThat(spec.service().output()).isEmpty();
    }

    @Test
    void minimalSpecReadsItsRequiredKeys() {
        JobSpec spec = parser.parse(SpecFiles.valid("minimal"));

        assertThat(spec.jobId()).isEqualTo("orders-2024-06");
        assertThat(spec.source().format()).isEqualTo(SourceFormat.ICEBERG);
        assertThat(spec.source().table()).contains("sales.orders");
        assertThat(spec.source().path()).isEmpty();
        assertThat(spec.source().keyColumn()).isEqualTo("order_id");
        assertThat(spec.source().pointInTime())
                .isEqualTo(
                        new AsOf(
                                Optional.of(Instant.parse("2024-06-30T00:00:00Z")),
                                OptionalLong.empty(),
                                Optional.empty()));
        assertThat(spec.ingress().contract())
                .isEqualTo(new RegistrySubject("orders-contract-value"));
        assertThat(spec.service().handler()).contains("com.example.orders.OrdersReplayHandler");
        assertThat(spec.warehouseRoot()).isEqualTo(URI.create("file:///tmp/kappa-warehouse"));
        assertThat(spec.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(spec.registry().url()).isEqualTo(URI.create("http://localhost:8081"));
    }

    @Test
    void csvSourceWithoutOptionsHasAHeaderAndCommas() {
        String yaml =
                minimalWithSource(
                        "source:\n"
                                + "  format: csv\n"
                                + "  path: /data/orders.csv\n"
                                + "  key-column: order_id\n"
                                + "  point-in-time:\n"
                                + "    mode: window\n"
                                + "    event-time-column: ordered_at\n"
                                + "    from: 2024-06-01T00:00:00Z\n"
                                + "    to: 2024-07-01T00:00:00Z\n");

        JobSpec spec = parser.parse(yaml, "inline");

        assertThat(spec.source().csv()).contains(CsvOptions.DEFAULT);
        assertThat(CsvOptions.DEFAULT).isEqualTo(new CsvOptions(true, ','));
    }

    @Test
    void windowWithoutInstantIsCutAtItsEnd() {
        Path file = SpecFiles.valid("window");

        JobSpec spec = parser.parse(file);

        assertThat(spec.source().pointInTime())
                .isEqualTo(
                        new Window(
                                Instant.parse("2024-07-01T00:00:00Z"),
                                "clicked_at",
                                Instant.parse("2024-06-24T00:00:00Z"),
                                Instant.parse("2024-07-01T00:00:00Z")));
        assertThat(spec.source().pointInTime().mode()).isEqualTo(PointInTime.Mode.WINDOW);
        assertThat(spec.ingress().contract())
                .isEqualTo(new AvscFile(Path.of("/opt/contracts/click.avsc")));
        assertThat(spec.service().output())
                .contains(
                        new AvscFile(
                                file.getParent()
                                        .getParent()
                                        .resolve("contracts/click-score.avsc")));
        assertThat(spec.warehouseRoot()).isEqualTo(URI.create("hdfs:///warehouse"));
        assertThat(spec.kafka().bootstrapServers()).isEqualTo("[::1]:9092,10.0.0.7:9092");
        assertThat(spec.service().properties()).containsExactly(Map.entry("scoring.model", "v7"));
    }

    @Test
    void windowKeepsAnInstantItIsGiven() {
        JobSpec spec =
                parser.parse(
                        SpecFiles.valid("window"),
                        Map.of("source.point-in-time.instant", "2024-07-02T06:00:00Z"));

        assertThat(((Window) spec.source().pointInTime()).instant())
                .isEqualTo(Instant.parse("2024-07-02T06:00:00Z"));
    }

    @Test
    void latestPerKeyKeepsVersionsPerBusinessKeyByDefault() {
        JobSpec spec = parser.parse(SpecFiles.valid("latest-per-key"));

        assertThat(spec.source().pointInTime())
                .isEqualTo(
                        new LatestPerKey(
                                Instant.parse("2024-06-30T00:00:00Z"), "account_id", "updated_at"));
    }

    @Test
    void latestPerKeyTakesItsOwnKeyColumn() {
        JobSpec spec =
                parser.parse(
                        SpecFiles.valid("latest-per-key"),
                        Map.of("source.point-in-time.key-column", "account_no"));

        assertThat(((LatestPerKey) spec.source().pointInTime()).keyColumn())
                .isEqualTo("account_no");
    }

    @Test
    void icebergTravelsToASnapshotInsteadOfAnInstant() {
        JobSpec spec = parser.parse(SpecFiles.valid("iceberg-snapshot"));

        assertThat(spec.source().pointInTime())
                .isEqualTo(
                        new AsOf(
                                Optional.empty(),
                                OptionalLong.of(5937117119577207000L),
                                Optional.empty()));
    }

    @Test
    void overridesReplaceAndAddValuesOfEveryType() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("source.point-in-time.instant", "2024-12-31T23:00:00Z");
        overrides.put("ingress.partitions", "12");
        overrides.put("ingress.reject-budget", "0.25");
        overrides.put("ingress.column-mapping.order_ts", "orderTime");
        overrides.put("delivery-guarantee", "exactly-once");
        overrides.put("service.output.subject", "orders-out-value");
        overrides.put("kafka.properties.security.protocol", "SASL_SSL");
        overrides.put("kafka.properties.sasl.jaas.config", "password=\"${KAFKA_PASSWORD}\";");
        overrides.put("registry.url", "https://registry:8443");
        overrides.put("service.properties.store.url", "https://store:8443");

        JobSpec spec = parser.parse(SpecFiles.valid("minimal"), overrides);

        assertThat(((AsOf) spec.source().pointInTime()).instant())
                .contains(Instant.parse("2024-12-31T23:00:00Z"));
        assertThat(spec.ingress().partitions()).isEqualTo(12);
        assertThat(spec.ingress().rejectBudget()).isEqualTo(0.25);
        assertThat(spec.ingress().columnMapping())
                .containsExactly(Map.entry("order_ts", "orderTime"));
        assertThat(spec.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(spec.service().output()).contains(new RegistrySubject("orders-out-value"));
        assertThat(spec.kafka().properties())
                .containsExactly(
                        Map.entry("security.protocol", "SASL_SSL"),
                        Map.entry("sasl.jaas.config", "password=\"kafka-secret\";"));
        assertThat(spec.registry().url()).isEqualTo(URI.create("https://registry:8443"));
        assertThat(spec.service().properties())
                .containsExactly(Map.entry("store.url", "https://store:8443"));
    }

    @Test
    void shareGroupTypeIsReadWithAtLeastOnce() {
        JobSpec spec = parser.parse(SpecFiles.valid("share-group"));

        assertThat(spec.groupType()).isEqualTo(GroupType.SHARE);
        assertThat(spec.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(spec.names().shareGroup()).isEqualTo("kappa.orders-2024-06.share");
    }

    @Test
    void groupTypeCanBeOverridden() {
        JobSpec spec = parser.parse(SpecFiles.valid("minimal"), Map.of("group-type", "share"));

        assertThat(spec.groupType()).isEqualTo(GroupType.SHARE);
    }

    @Test
    void overrideRepairsABadValueOfTheFile() {
        JobSpec spec =
                parser.parse(SpecFiles.invalid("wrong-type"), Map.of("ingress.partitions", "24"));

        assertThat(spec.ingress().partitions()).isEqualTo(24);
    }

    @Test
    void overrideOfAnUnknownKeySuggestsTheKnownOne() {
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        SpecFiles.valid("minimal"),
                                        Map.of("ingress.partition", "12")))
                .isInstanceOf(JobSpecException.class)
                .hasMessageContaining(
                        "ingress.partition: unknown key; valid keys: contract, column-mapping,"
                                + " partitions, reject-budget; did you mean 'partitions'?");
    }

    @Test
    void overrideOfTheWrongTypeNamesKeyAndValue() {
        JobSpecException e =
                catchThrowableOfType(
                        JobSpecException.class,
                        () ->
                                parser.parse(
                                        SpecFiles.valid("full"),
                                        Map.of(
                                                "ingress.partitions", "many",
                                                "ingress.reject-budget", "some",
                                                "source.csv.header", "yes")));

        assertThat(e.violations())
                .extracting(Violation::message)
                .containsExactly(
                        "source.csv.header: 'yes' is not a boolean; use true or false",
                        "ingress.partitions: 'many' is not a whole number; use decimal digits"
                                + " only, e.g. 12",
                        "ingress.reject-budget: 'some' is not a number; use a decimal number,"
                                + " e.g. 0.05");
    }

    @Test
    void overrideOfASectionAsksForOneOfItsKeysWithoutShowingTheValue() {
        // The value meant for a property may be a secret.
        JobSpecException e =
                catchThrowableOfType(
                        JobSpecException.class,
                        () ->
                                parser.parse(
                                        SpecFiles.valid("minimal"),
                                        Map.of("registry", "https://replay:s3cret@registry")));

        assertThat(e.violations())
                .extracting(Violation::message)
                .containsExactly("registry: is text; use a mapping with keys url, properties");
        e =
                catchThrowableOfType(
                        JobSpecException.class,
                        () ->
                                parser.parse(
                                        SpecFiles.valid("minimal"),
                                        Map.of(
                                                "registry.properties",
                                                "basic.auth.user.info=replay:s3cret")));
        assertThat(e.violations())
                .extracting(Violation::message)
                .containsExactly(
                        "registry.properties: is text; use a mapping of names to values (override"
                                + " one entry with registry.properties.<name>=<value>)");
    }

    @Test
    void malformedOverrideKeyIsNamedWithoutItsValue() {
        JobSpecException e =
                catchThrowableOfType(
                        JobSpecException.class,
                        () ->
                                parser.parse(
                                        SpecFiles.valid("minimal"),
                                        Map.of(
                                                "registry.properties..basic.auth.user.info",
                                                "replay:s3cret")));

        assertThat(e.getMessage()).doesNotContain("s3cret");
        assertThat(e.violations())
                .extracting(Violation::message)
                .containsExactly(
                        "registry.properties..basic.auth.user.info: is not a valid override key;"
                                + " use a dotted key without empty parts, such as"
                                + " ingress.partitions or kafka.properties.security.protocol");
    }

    @Test
    void overriddenAvscPathStaysRelativeToTheWorkingDirectory() {
        Path file = SpecFiles.valid("full");

        JobSpec spec = parser.parse(file, Map.of("ingress.contract.avsc", "local/order.avsc"));

        assertThat(spec.ingress().contract()).isEqualTo(new AvscFile(Path.of("local/order.avsc")));
    }

    @Test
    void specGivenAsTextKeepsRelativeAvscPaths() throws Exception {
        String yaml = Files.readString(SpecFiles.valid("full"));

        JobSpec spec = parser.parse(yaml, "request 42");

        assertThat(spec.ingress().contract())
                .isEqualTo(new AvscFile(Path.of("contracts/customer.avsc")));
    }

    @Test
    void propertyValuesStayOutOfToString() {
        JobSpec spec = parser.parse(SpecFiles.valid("full"));

        assertThat(spec.toString())
                .contains("sasl.jaas.config", "basic.auth.user.info", "scoring.store.password")
                .doesNotContain("kafka-secret", "registry-secret", "store-secret");
    }

    @Test
    void parsedSpecCannotBeChanged() {
        JobSpec spec = parser.parse(SpecFiles.valid("full"));

        assertThatThrownBy(() -> spec.ingress().columnMapping().put("a", "b"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.kafka().properties().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.registry().properties().remove("basic.auth.user.info"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void missingFileIsNamed(@TempDir Path directory) {
        Path file = directory.resolve("nope.yaml");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(JobSpecException.class)
                .hasMessage(
                        "Invalid job spec "
                                + file
                                + " (1 problem):\n  <document>: does not exist; check the path");
    }

    @Test
    void yamlSyntaxErrorNamesLineAndColumn() {
        JobSpecException e =
                catchThrowableOfType(
                        JobSpecException.class,
                        () -> parser.parse("job-id: a\nsource: [parquet\nkafka: {}\n", "broken"));

        assertThat(e.getMessage()).startsWith("Invalid job spec broken (1 problem):");
        assertThat(e.violations()).hasSize(1);
        assertThat(e.violations().get(0).message())
                .isEqualTo(
                        "source: is not readable YAML (line 3, column 6); fix the syntax: while"
                                + " parsing a flow sequence: expected ',' or ']', but got :");
    }

    @Test
    void emptyDocumentIsReported() {
        assertThatThrownBy(() -> parser.parse("# nothing yet\n", "empty"))
                .hasMessageContaining(
                        "<document>: is empty; write the job spec as a YAML mapping, starting with"
                                + " job-id");
    }

    @Test
    void documentThatIsNotAMappingIsReported() {
        assertThatThrownBy(() -> parser.parse("- job-id: a\n", "list"))
                .hasMessageContaining(
                        "<document>: is a list; write the job spec as a YAML mapping");
    }

    @Test
    void valuesWithoutValueOrOfTheWrongShapeAreReported() {
        String yaml =
                minimalWithSource(
                                "source:\n"
                                        + "  format: [iceberg]\n"
                                        + "  table:\n"
                                        + "  key-column: ~\n"
                                        + "  point-in-time: as-of\n")
                        .replace("job-id: orders-2024-06", "job-id: 2024");

        JobSpecException e =
                catchThrowableOfType(JobSpecException.class, () -> parser.parse(yaml, "shapes"));

        assertThat(e.violations())
                .extracting(Violation::message)
                .containsExactly(
                        "job-id: '2024' is a whole number; use text: put it in quotes, e.g."
                                + " \"2024\"",
                        "source.format: is a list; use text",
                        "source.table: '' is blank; set the table name, e.g. sales.orders",
                        "source.key-column: has no value; use text (or leave the key out)",
                        "source.point-in-time: 'as-of' is text; use a mapping with keys mode,"
                                + " instant, snapshot-id, valid-from-column, valid-to-column,"
                                + " key-column, version-column, event-time-column, from, to");
    }

    @Test
    void everyKeyOfTheSpecIsListedOnce() {
        assertThat(JobSpecKey.ofPath("source.point-in-time.mode"))
                .contains(JobSpecKey.POINT_IN_TIME_MODE);
        assertThat(JobSpecKey.POINT_IN_TIME_MODE.keyName()).isEqualTo("mode");
        assertThat(JobSpecKey.childNames(null))
                .containsExactly(
                        "job-id",
                        "source",
                        "ingress",
                        "service",
                        "delivery-guarantee",
                        "group-type",
                        "warehouse-root",
                        "reconciliation",
                        "kafka",
                        "registry");
        assertThat(List.of(JobSpecKey.values()).stream().map(JobSpecKey::path))
                .doesNotHaveDuplicates();
    }

    private static String minimalWithSource(String source) {
        return "job-id: orders-2024-06\n"
                + source
                + "ingress:\n"
                + "  contract:\n"
                + "    subject: orders-contract-value\n"
                + "service:\n"
                + "  handler: com.example.orders.OrdersReplayHandler\n"
                + "warehouse-root: file:///tmp/kappa-warehouse\n"
                + "kafka:\n"
                + "  bootstrap-servers: localhost:9092\n"
                + "registry:\n"
                + "  url: http://localhost:8081\n";
    }
}
