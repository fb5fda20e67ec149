package io.kappareplay.schemas.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobNamesTest {

    private final JobNames names = JobNames.of("orders-2024");

    @Test
    void topicsAndSubjects() {
        assertThat(names.jobId()).isEqualTo("orders-2024");
        assertThat(names.ingressTopic()).isEqualTo("kappa.orders-2024.ingress");
        assertThat(names.egressTopic()).isEqualTo("kappa.orders-2024.egress");
        assertThat(names.dlqTopic()).isEqualTo("kappa.orders-2024.dlq");
        assertThat(JobNames.valueSubject(names.ingressTopic()))
                .isEqualTo("kappa.orders-2024.ingress-value");
        assertThat(JobNames.keySubject(names.ingressTopic()))
                .isEqualTo("kappa.orders-2024.ingress-key");
        assertThat(JobNames.valueSubject(names.egressTopic()))
                .isEqualTo("kappa.orders-2024.egress-value");
        assertThat(JobNames.valueSubject(names.dlqTopic()))
                .isEqualTo("kappa.orders-2024.dlq-value");
    }

    @Test
    void groupsAndTransactionalIds() {
        assertThat(names.consumerGroup()).isEqualTo("kappa.orders-2024");
        assertThat(names.shareGroup()).isEqualTo("kappa.orders-2024.share");
        assertThat(names.transactionalIdPrefix()).isEqualTo("kappa.orders-2024.");
        assertThat(names.transactionalId("publisher", 7))
                .isEqualTo("kappa.orders-2024.publisher.7")
                .startsWith(names.transactionalIdPrefix());
        assertThat(names.transactionalId("consumer", 0)).isEqualTo("kappa.orders-2024.consumer.0");
    }

    @Test
    void transactionalIdRefusesBadRoleAndIndex() {
        assertThatThrownBy(() -> names.transactionalId("Publisher.x", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("role 'Publisher.x' is not valid");
        assertThatThrownBy(() -> names.transactionalId("publisher", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index -1 is not valid; use 0 or more");
    }

    @Test
    void warehousePaths() {
        URI root = URI.create("s3a://lake/warehouse");

        assertThat(names.egressPath(root))
                .isEqualTo(URI.create("s3a://lake/warehouse/kappa/egress/job_id=orders-2024/"));
        assertThat(names.dlqPath(root))
                .isEqualTo(URI.create("s3a://lake/warehouse/kappa/dlq/job_id=orders-2024/"));
        assertThat(names.rejectsPath(root))
                .isEqualTo(URI.create("s3a://lake/warehouse/kappa/rejects/job_id=orders-2024/"));
        assertThat(names.ledgerPath(root))
                .isEqualTo(URI.create("s3a://lake/warehouse/kappa/ledger/job_id=orders-2024/"));
        assertThat(names.ingressManifest(root))
                .isEqualTo(
                        URI.create(
                                "s3a://lake/warehouse/kappa/manifests/orders-2024/ingress.json"));
        assertThat(names.egressManifest(root))
                .isEqualTo(
                        URI.create("s3a://lake/warehouse/kappa/manifests/orders-2024/egress.json"));
        assertThat(names.sinkManifest(root))
                .isEqualTo(
                        URI.create("s3a://lake/warehouse/kappa/manifests/orders-2024/sink.json"));
    }

    @Test
    void warehousePathsKeepTheRootWhateverItsForm() {
        assertThat(names.egressPath(URI.create("file:///tmp/kappa-warehouse/")))
                .isEqualTo(
                        URI.create("file:///tmp/kappa-warehouse/kappa/egress/job_id=orders-2024/"));
        assertThat(names.egressPath(URI.create("hdfs://namenode:8020/warehouse")))
                .isEqualTo(
                        URI.create(
                                "hdfs://namenode:8020/warehouse/kappa/egress/job_id=orders-2024/"));
        assertThat(names.egressPath(URI.create("s3a://lake")))
                .isEqualTo(URI.create("s3a://lake/kappa/egress/job_id=orders-2024/"));
    }

    @Test
    void warehousePathsRefuseARelativeRoot() {
        assertThatThrownBy(() -> names.egressPath(URI.create("warehouse")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warehouse root 'warehouse' is not valid");
    }

    @Test
    void tablesAreHiveSafe() {
        assertThat(names.egressTable()).isEqualTo("kappa_orders_2024_egress");
        assertThat(names.dlqTable()).isEqualTo("kappa_orders_2024_dlq");
        assertThat(names.rejectsTable()).isEqualTo("kappa_orders_2024_rejects");
        assertThat(names.ledgerTable()).isEqualTo("kappa_orders_2024_ledger");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "0",
                "orders-2024",
                "a-",
                "0123456789-abcdefghijklmnopqrstuvwxyz-0123456789-abcdefghijklmn"
            })
    void acceptsValidIds(String jobId) {
        assertThat(JobNames.of(jobId).jobId()).isEqualTo(jobId);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "-orders",
                "Orders",
                "orders_2024",
                "orders.2024",
                "orders 2024",
                "0123456789-abcdefghijklmnopqrstuvwxyz-0123456789-abcdefghijklmno"
            })
    void refusesInvalidIdsNamingIdAndPattern(String jobId) {
        assertThatThrownBy(() -> JobNames.of(jobId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "job id '"
                                + jobId
                                + "' is not valid; use 1 to 63 lower-case letters, digits or '-',"
                                + " starting with a letter or digit (pattern"
                                + " [a-z0-9][a-z0-9-]{0,62})");
    }
}
