package io.kappareplay.schemas.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.schemas.spec.PointInTime.AsOf;
import io.kappareplay.schemas.spec.PointInTime.Window;
import io.kappareplay.schemas.spec.SchemaReference.AvscFile;
import io.kappareplay.schemas.spec.SchemaReference.RegistrySubject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A spec built in code is held to the rules a parsed one is. */
class JobSpecModelTest {

    private static final Instant JUNE_30 = Instant.parse("2024-06-30T00:00:00Z");

    @Test
    void ingressRefusesPartitionsAndBudgetOutOfRange() {
        assertThatThrownBy(() -> new IngressSpec(new RegistrySubject("s"), Map.of(), 0, 1.5))
                .isInstanceOf(JobSpecException.class)
                .hasMessage(
                        "Invalid job spec (2 problems):\n"
                                + "  ingress.partitions: '0' is not valid; use 1 to 10000 (default"
                                + " 100)\n"
                                + "  ingress.reject-budget: '1.5' is not valid; use a fraction from"
                                + " 0 to 1, e.g. 0.01 to allow 1% of rows (default 0)");
    }

    @Test
    void ingressCopiesItsColumnMapping() {
        Map<String, String> mapping = new HashMap<>(Map.of("order_ts", "orderTime"));
        IngressSpec ingress = new IngressSpec(new RegistrySubject("s"), mapping, 1, 0.0);

        mapping.put("status", "state");

        assertThat(ingress.columnMapping()).containsExactly(Map.entry("order_ts", "orderTime"));
    }

    @Test
    void kafkaCopiesItsPropertiesAndKeepsTheirValuesOutOfToString() {
        Map<String, String> properties = new HashMap<>(Map.of("sasl.jaas.config", "password=x"));
        KafkaSpec kafka = new KafkaSpec("broker:9092", properties);

        properties.clear();

        assertThat(kafka.properties()).containsEntry("sasl.jaas.config", "password=x");
        assertThat(kafka.toString())
                .isEqualTo(
                        "KafkaSpec[bootstrapServers=broker:9092, properties=[sasl.jaas.config]]");
    }

    @Test
    void registryKeepsTheUrlsUserInfoOutOfToString() {
        RegistrySpec registry =
                new RegistrySpec(
                        URI.create("https://replay:s3cret@registry:8081/apis/ccompat/v7"),
                        Map.of("basic.auth.credentials.source", "URL"));

        assertThat(registry.toString())
                .isEqualTo(
                        "RegistrySpec[url=https://***@registry:8081/apis/ccompat/v7,"
                                + " properties=[basic.auth.credentials.source]]");
    }

    @Test
    void registryRefusesABadUrlWithoutShowingItsPassword() {
        assertThatThrownBy(
                        () ->
                                new RegistrySpec(
                                        URI.create("ftp://replay:s3cret@registry:8081"), Map.of()))
                .isInstanceOf(JobSpecException.class)
                .hasMessageNotContaining("s3cret")
                .hasMessageContaining("registry.url: 'ftp://***@registry:8081' is not valid");
        assertThatThrownBy(
                        () ->
                                new RegistrySpec(
                                        URI.create("https://replay:s3cret@registry:8081/?a=b"),
                                        Map.of()))
                .isInstanceOf(JobSpecException.class)
                .hasMessageNotContaining("s3cret")
                .hasMessageContaining(
                        "registry.url: 'https://***@registry:8081/?a=b' has a query or fragment");
    }

    @Test
    void registryPropertiesCannotSetTheUrlAgain() {
        assertThatThrownBy(
                        () ->
                                new RegistrySpec(
                                        URI.create("http://registry:8081"),
                                        Map.of("schema.registry.url", "http://other:8081")))
                .isInstanceOf(JobSpecException.class)
                .hasMessageContaining(
                        "registry.properties.schema.registry.url: duplicates registry.url");
    }

    @Test
    void windowMustEndAfterItStarts() {
        assertThatThrownBy(() -> new Window(JUNE_30, "ts", JUNE_30, JUNE_30))
                .isInstanceOf(JobSpecException.class)
                .hasMessageContaining(
                        "source.point-in-time.from: '2024-06-30T00:00:00Z' is not before to");
    }

    @Test
    void asOfNeedsAnInstantOrASnapshotButNotBoth() {
        assertThatThrownBy(() -> new AsOf(Optional.empty(), OptionalLong.empty(), Optional.empty()))
                .hasMessageContaining("source.point-in-time.instant: missing");
        assertThatThrownBy(
                        () -> new AsOf(Optional.of(JUNE_30), OptionalLong.of(7), Optional.empty()))
                .hasMessageContaining(
                        "source.point-in-time.snapshot-id: '7' is given together with instant");
    }

    @Test
    void sourceChecksFormatAgainstLocationAndPointInTime() {
        AsOf timeTravel = new AsOf(Optional.of(JUNE_30), OptionalLong.empty(), Optional.empty());

        assertThatThrownBy(
                        () ->
                                new SourceSpec(
                                        SourceFormat.PARQUET,
                                        Optional.empty(),
                                        Optional.of("sales.orders"),
                                        Optional.empty(),
                                        "order_id",
                                        timeTravel))
                .isInstanceOf(JobSpecException.class)
                .hasMessageContaining("source.table: 'sales.orders' is not read by format parquet")
                .hasMessageContaining("source.path: missing")
                .hasMessageContaining("source.point-in-time.valid-from-column: missing");
    }

    @Test
    void schemaReferencesAreChecked() {
        assertThatThrownBy(() -> new AvscFile(Path.of("order.json")))
                .hasMessageContaining("avsc: 'order.json' is not an .avsc file");
        assertThatThrownBy(() -> new RegistrySubject(" "))
                .hasMessageContaining("subject: ' ' is blank");
    }

    @Test
    void jobSpecChecksIdAndWarehouse() {
        SourceSpec source =
                new SourceSpec(
                        SourceFormat.ICEBERG,
                        Optional.empty(),
                        Optional.of("sales.orders"),
                        Optional.empty(),
                        "order_id",
                        new AsOf(Optional.of(JUNE_30), OptionalLong.empty(), Optional.empty()));

        assertThatThrownBy(
                        () ->
                                new JobSpec(
                                        "-bad",
                                        source,
                                        new IngressSpec(new RegistrySubject("s"), Map.of(), 1, 0),
                                        new ServiceSpec(
                                                Optional.of("com.example.Handler"),
                                                Optional.empty(),
                                                Map.of()),
                                        DeliveryGuarantee.AT_LEAST_ONCE,
                                        GroupType.CONSUMER,
                                        URI.create("file:relative/warehouse"),
                                        ReconciliationTolerances.NONE,
                                        new KafkaSpec("broker:9092", Map.of()),
                                        new RegistrySpec(
                                                URI.create("http://registry:8081"), Map.of())))
                .hasMessageContaining("job-id: '-bad' is not valid")
                .hasMessageContaining("warehouse-root: 'file:relative/warehouse' is not valid");
    }

    @Test
    void jobSpecRefusesAShareGroupForExactlyOnce() {
        assertThatThrownBy(
                        () ->
                                new JobSpec(
                                        "orders",
                                        new SourceSpec(
                                                SourceFormat.ICEBERG,
                                                Optional.empty(),
                                                Optional.of("sales.orders"),
                                                Optional.empty(),
                                                "order_id",
                                                new AsOf(
                                                        Optional.of(JUNE_30),
                                                        OptionalLong.empty(),
                                                        Optional.empty())),
                                        new IngressSpec(new RegistrySubject("s"), Map.of(), 1, 0),
                                        new ServiceSpec(
                                                Optional.empty(), Optional.empty(), Map.of()),
                                        DeliveryGuarantee.EXACTLY_ONCE,
                                        GroupType.SHARE,
                                        URI.create("file:///tmp/warehouse"),
                                        ReconciliationTolerances.NONE,
                                        new KafkaSpec("broker:9092", Map.of()),
                                        new RegistrySpec(
                                                URI.create("http://registry:8081"), Map.of())))
                .hasMessageContaining(
                        "group-type: 'share' is not possible with delivery-guarantee exactly-once")
                .hasMessageContaining("set delivery-guarantee to at-least-once");
    }

    @Test
    void enumsAreWrittenInKebabCase() {
        assertThat(SourceFormat.ICEBERG.key()).isEqualTo("iceberg");
        assertThat(PointInTime.Mode.LATEST_PER_KEY.key()).isEqualTo("latest-per-key");
        assertThat(DeliveryGuarantee.EXACTLY_ONCE.key()).isEqualTo("exactly-once");
        assertThat(GroupType.SHARE.key()).isEqualTo("share");
    }
}
