package io.kappareplay.schemas.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each file under specs/invalid has one mistake; the report names its field, value and fix. */
class InvalidJobSpecTest {

    private final JobSpecParser parser =
            new JobSpecParser(Map.of("REGISTRY_PASSWORD", "registry-secret"));

    static Stream<Arguments> specsWithOneMistake() {
        return Stream.of(
                mistake("bad-job-id", "job-id", "Orders_2024", "pattern [a-z0-9][a-z0-9-]{0,62}"),
                mistake(
                        "unknown-format",
                        "source.format",
                        "parqet",
                        "use one of parquet, csv, hive, iceberg; did you mean 'parquet'?"),
                mistake(
                        "path-and-table",
                        "source.table",
                        "sales.orders",
                        "is not read by format parquet; remove it"),
                mistake(
                        "neither-path-nor-table",
                        "source.table",
                        null,
                        "missing; format hive reads a table"),
                mistake(
                        "unknown-mode",
                        "source.point-in-time.mode",
                        "latest",
                        "is not valid; use one of as-of, latest-per-key, window"),
                mistake(
                        "window-from-after-to",
                        "source.point-in-time.from",
                        "2024-07-01T00:00:00Z",
                        "is not before to (2024-06-01T00:00:00Z)"),
                mistake(
                        "latest-per-key-without-version",
                        "source.point-in-time.version-column",
                        null,
                        "missing; latest-per-key keeps each key's newest version"),
                mistake(
                        "contract-avsc-and-subject",
                        "ingress.contract.subject",
                        "orders-contract-value",
                        "give avsc (a schema file) or subject (a registry subject), not both"),
                mistake("partitions-zero", "ingress.partitions", "0", "use 1 to 10000"),
                mistake("partitions-too-many", "ingress.partitions", "100000", "use 1 to 10000"),
                mistake(
                        "bad-delivery-guarantee",
                        "delivery-guarantee",
                        "exactly_once",
                        "use one of at-least-once, exactly-once; did you mean 'exactly-once'?"),
                mistake(
                        "share-group-exactly-once",
                        "group-type",
                        "share",
                        "is not possible with delivery-guarantee exactly-once: share groups have"
                                + " no transactional acknowledgement; set delivery-guarantee to"
                                + " at-least-once to read in a share group, or remove group-type"
                                + " (default consumer) for exactly-once"),
                mistake("bad-group-type", "group-type", "classic", "use one of consumer, share"),
                mistake(
                        "bad-warehouse-scheme",
                        "warehouse-root",
                        "s3://lake/warehouse",
                        "use a file://, hdfs:// or s3a:// URI"),
                mistake(
                        "reject-budget-too-large",
                        "ingress.reject-budget",
                        "1.5",
                        "use a fraction from 0 to 1"),
                mistake(
                        "negative-tolerance",
                        "reconciliation.max-missing",
                        "-1",
                        "use a count of 0 or more"),
                mistake(
                        "bad-bootstrap-servers",
                        "kafka.bootstrap-servers",
                        "broker-1:9092,broker-2",
                        "use host:port[,host:port...]"),
                mistake(
                        "unknown-key",
                        "source.fromat",
                        null,
                        "unknown key; valid keys: format, path, table, key-column, csv,"
                                + " point-in-time; did you mean 'format'?"),
                mistake(
                        "duplicate-key",
                        "ingress.partitions",
                        null,
                        "is a duplicate key; give each key once"),
                mistake(
                        "wrong-type",
                        "ingress.partitions",
                        "12",
                        "is text; use a whole number, without quotes"),
                mistake(
                        "missing-env-var",
                        "kafka.properties.sasl.jaas.config",
                        "${KAFKA_PASSWORD}",
                        "names an environment variable that is not set; set KAFKA_PASSWORD"),
                mistake(
                        "bad-handler",
                        "service.handler",
                        "OrdersReplayHandler",
                        "use the fully qualified class name"),
                mistake(
                        "bad-registry-url",
                        "registry.url",
                        "localhost:8081",
                        "use an http:// or https:// URL"),
                mistake(
                        "registry-url-with-query",
                        "registry.url",
                        "https://registry:8081/apis/ccompat/v7?tenant=orders",
                        "has a query or fragment; remove what follows '?' or '#': give the"
                                + " registry's base URL"),
                mistake(
                        "registry-url-with-password",
                        "registry.url",
                        "ftp://***@registry:8081",
                        "is not valid; use an http:// or https:// URL"),
                mistake(
                        "registry-url-with-env-reference",
                        "registry.url",
                        "https://***@registry:8081",
                        "holds a ${NAME} reference, which only kafka.properties,"
                                + " registry.properties and service.properties read; give"
                                + " credentials in"
                                + " registry.properties"),
                mistake(
                        "registry-url-in-properties",
                        "registry.properties.schema.registry.url",
                        null,
                        "duplicates registry.url; remove it and set registry.url"),
                mistake(
                        "warehouse-root-with-credentials",
                        "warehouse-root",
                        "s3a://***@lake/warehouse",
                        "has user info; remove it and give credentials in the Hadoop"
                                + " configuration"),
                mistake(
                        "csv-options-on-parquet",
                        "source.csv",
                        null,
                        "is only read for format csv"),
                mistake(
                        "key-of-another-mode",
                        "source.point-in-time.event-time-column",
                        null,
                        "is not read in mode as-of; remove it; it belongs to mode window"),
                mistake(
                        "snapshot-id-on-hive",
                        "source.point-in-time.snapshot-id",
                        "42",
                        "is Iceberg time travel, which format hive does not have"),
                mistake(
                        "bad-instant",
                        "source.point-in-time.instant",
                        "2024-06-30",
                        "use an ISO-8601 instant with a zone, e.g. 2024-06-30T00:00:00Z"),
                mistake(
                        "octal-number",
                        "ingress.partitions",
                        "0100",
                        "is not a whole number; use decimal digits only"),
                mistake("alias", "service.handler", "*key", "is a YAML alias"),
                mistake("two-documents", "<document>", null, "holds more than one YAML document"),
                mistake(
                        "mapping-target-twice",
                        "ingress.column-mapping.created_at",
                        "orderTime",
                        "is also mapped from column order_ts"));
    }

    private static Arguments mistake(String file, String field, String value, String text) {
        return Arguments.of(file, field, value, text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specsWithOneMistake")
    void reportsFieldValueAndFix(String name, String field, String value, String text) {
        Path file = SpecFiles.invalid(name);

        JobSpecException e = catchThrowableOfType(JobSpecException.class, () -> parser.parse(file));

        assertThat(e).as("%s must be refused", name).isNotNull();
        assertThat(e.source()).contains(file.toString());
        assertThat(e.violations()).hasSize(1);
        Violation violation = e.violations().get(0);
        assertThat(violation.field()).isEqualTo(field);
        assertThat(violation.value()).isEqualTo(Optional.ofNullable(value));
        assertThat(e.getMessage())
                .startsWith("Invalid job spec " + file + " (1 problem):\n  " + field + ": ")
                .contains(value == null ? field : "'" + value + "'")
                .contains(text)
                .doesNotContain("s3cret", "AKIAEXAMPLE");
    }

    @Test
    void registryUrlThatDoesNotParseIsShownWithoutItsPassword() {
        JobSpecException e =
                catchThrowableOfType(
                        JobSpecException.class,
                        () ->
                                parser.parse(
                                        SpecFiles.valid("minimal"),
                                        Map.of(
                                                "registry.url",
                                                "https://replay:s3cret word@registry:8081")));

        assertThat(e.violations())
                .extracting(Violation::message)
                .containsExactly(
                        "registry.url: 'https://***@registry:8081' is not valid; use an http:// or"
                                + " https:// URL (Illegal character in authority)");
    }

    @Test
    void registryUrlWithAFragmentIsRefusedToo() {
        JobSpecException e =
                catchThrowableOfType(
                        JobSpecException.class,
                        () ->
                                parser.parse(
                                        SpecFiles.valid("minimal"),
                                        Map.of("registry.url", "https://registry:8081/#main")));

        assertThat(e.violations())
                .extracting(Violation::field, Violation::problem)
                .containsExactly(tuple("registry.url", "has a query or fragment"));
    }

    @Test
    void asOfOnParquetAsksForBothValidityColumns() {
        Path file = SpecFiles.invalid("as-of-parquet-without-scd2");

        JobSpecException e = catchThrowableOfType(JobSpecException.class, () -> parser.parse(file));

        assertThat(e.violations())
                .extracting(Violation::field)
                .containsExactly(
                        "source.point-in-time.valid-from-column",
                        "source.point-in-time.valid-to-column");
        assertThat(e.getMessage())
                .contains(
                        "source.point-in-time.valid-from-column: missing; format parquet has no"
                                + " time travel, so as-of compares SCD2 validity columns with the"
                                + " instant");
    }

    @Test
    void reportsEveryMistakeAtOnce() {
        Path file = SpecFiles.invalid("many-errors");

        JobSpecException e = catchThrowableOfType(JobSpecException.class, () -> parser.parse(file));

        assertThat(e.getMessage())
                .isEqualTo(
                        "Invalid job spec "
                                + file
                                + " (11 problems):\n"
                                + "  job-id: 'Orders 2024' is not valid; use 1 to 63 lower-case"
                                + " letters, digits or '-', starting with a letter or digit"
                                + " (pattern [a-z0-9][a-z0-9-]{0,62})\n"
                                + "  source.fromat: unknown key; valid keys: format, path, table,"
                                + " key-column, csv, point-in-time; did you mean 'format'?\n"
                                + "  source.point-in-time.mode: 'latest' is not valid; use one of"
                                + " as-of, latest-per-key, window; did you mean 'latest-per-key'?\n"
                                + "  ingress.contract.subject: 'orders-value' is given together"
                                + " with ingress.contract.avsc; give avsc (a schema file) or"
                                + " subject (a registry subject), not both\n"
                                + "  ingress.partitions: '0' is not valid; use 1 to 10000 (default"
                                + " 100)\n"
                                + "  ingress.reject-budget: '1.5' is not valid; use a fraction from"
                                + " 0 to 1, e.g. 0.01 to allow 1% of rows (default 0)\n"
                                + "  service.handler: 'OrdersReplayHandler' is not valid; use the"
                                + " fully qualified class name of the service's ReplayHandler,"
                                + " e.g. com.example.orders.OrdersReplayHandler\n"
                                + "  delivery-guarantee: 'once' is not valid; use one of"
                                + " at-least-once, exactly-once\n"
                                + "  warehouse-root: 'ftp://files/warehouse' is not valid; use a"
                                + " file://, hdfs:// or s3a:// URI, e.g. file:///tmp/kappa-warehouse,"
                                + " hdfs://namenode:8020/warehouse or s3a://bucket/warehouse\n"
                                + "  reconciliation.max-duplicates: '-2' is not valid; use a count"
                                + " of 0 or more (default 0)\n"
                                + "  kafka.bootstrap-servers: 'localhost' is not valid; use"
                                + " host:port[,host:port...], e.g. broker-1:9092,broker-2:9092");
    }

    @Test
    void reportsEveryUnsetEnvironmentVariableOfAProperty() {
        String yaml =
                "kafka:\n"
                        + "  properties:\n"
                        + "    sasl.jaas.config: user=\"${KAFKA_USER}\" password=\"${KAFKA_PASSWORD}\"\n"
                        + "    ssl.keystore.password: ${BAD NAME}\n";

        JobSpecException e =
                catchThrowableOfType(JobSpecException.class, () -> parser.parse(yaml, "env"));

        assertThat(e.getMessage())
                .contains(
                        "kafka.properties.sasl.jaas.config: '${KAFKA_USER}, ${KAFKA_PASSWORD}'"
                                + " names environment variables that are not set; set KAFKA_USER,"
                                + " KAFKA_PASSWORD in the environment of the process that reads"
                                + " the spec",
                        "kafka.properties.ssl.keystore.password: '${BAD NAME}' is not a valid"
                                + " environment variable reference");
    }

    @Test
    void windowThatIsEmptyIsRefused() {
        JobSpecException e =
                catchThrowableOfType(
                        JobSpecException.class,
                        () ->
                                parser.parse(
                                        SpecFiles.valid("window"),
                                        Map.of(
                                                "source.point-in-time.from",
                                                "2024-07-01T00:00:00Z")));

        assertThat(e.violations())
                .extracting(Violation::message)
                .containsExactly(
                        "source.point-in-time.from: '2024-07-01T00:00:00Z' is not before to"
                                + " (2024-07-01T00:00:00Z); use a from earlier than to: the window"
                                + " is [from, to)");
    }

    @Test
    void kafkaPropertiesCannotSetTheBootstrapServersAgain() {
        JobSpecException e =
                catchThrowableOfType(
                        JobSpecException.class,
                        () ->
                                parser.parse(
                                        SpecFiles.valid("minimal"),
                                        Map.of(
                                                "kafka.properties.bootstrap.servers",
                                                "other:9092")));

        assertThat(e.violations())
                .extracting(Violation::message)
                .containsExactly(
                        "kafka.properties.bootstrap.servers: duplicates kafka.bootstrap-servers;"
                                + " remove it and set kafka.bootstrap-servers");
    }

    @Test
    void missingSectionsAreReportedByTheirRequiredKeys() {
        JobSpecException e =
                catchThrowableOfType(
                        JobSpecException.class, () -> parser.parse("job-id: lonely\n", "bare"));

        assertThat(e.violations())
                .extracting(Violation::field)
                .containsExactly(
                        "source.format",
                        "source.path",
                        "source.key-column",
                        "source.point-in-time.mode",
                        "ingress.contract.avsc",
                        "warehouse-root",
                        "kafka.bootstrap-servers",
                        "registry.url");
    }
}
