package io.kappareplay.schemas.spec;

import static java.util.Objects.requireNonNull;

import io.kappareplay.schemas.naming.JobNames;
import java.net.URI;

/**
 * One replay job: what to read, at which point in time, which service to run over it, and where
 * Kafka, the registry and the warehouse are. Parsed and validated by {@link JobSpecParser};
 * immutable. Keys, defaults and rules are listed in {@link JobSpecKey}.
 *
 * <pre>{@code
 * job-id: orders-2024-06
 * source:
 *   format: iceberg
 *   table: sales.orders
 *   key-column: order_id
 *   point-in-time:
 *     mode: as-of
 *     instant: 2024-06-30T00:00:00Z
 * ingress:
 *   contract:
 *     avsc: contracts/order.avsc
 * service:
 *   handler: com.example.orders.OrdersReplayHandler
 * warehouse-root: s3a://lake/warehouse
 * kafka:
 *   bootstrap-servers: broker-1:9092
 * registry:
 *   url: http://registry:8081
 * }</pre>
 *
 * @param jobId {@code job-id}: names everything the job creates, see {@link #names()}
 * @param source {@code source}
 * @param ingress {@code ingress}
 * @param service {@code service}
 * @param deliveryGuarantee {@code delivery-guarantee}, default {@code at-least-once}
 * @param groupType {@code group-type}, default {@code consumer}; {@code share} only with {@code
 *     at-least-once}
 * @param warehouseRoot {@code warehouse-root}: required; {@code file://}, {@code hdfs://} or {@code
 *     s3a://}
 * @param reconciliation {@code reconciliation}, default {@link ReconciliationTolerances#NONE}
 * @param kafka {@code kafka}
 * @param registry {@code registry}
 */
public record JobSpec(
        String jobId,
        SourceSpec source,
        IngressSpec ingress,
        ServiceSpec service,
        DeliveryGuarantee deliveryGuarantee,
        GroupType groupType,
        URI warehouseRoot,
        ReconciliationTolerances reconciliation,
        KafkaSpec kafka,
        RegistrySpec registry) {

    /** The delivery guarantee when the spec sets none. */
    public static final DeliveryGuarantee DEFAULT_DELIVERY_GUARANTEE =
            DeliveryGuarantee.AT_LEAST_ONCE;

    /** The group type when the spec sets none. */
    public static final GroupType DEFAULT_GROUP_TYPE = GroupType.CONSUMER;

    public JobSpec {
        requireNonNull(jobId, "jobId");
        requireNonNull(source, "source");
        requireNonNull(ingress, "ingress");
        requireNonNull(service, "service");
        requireNonNull(deliveryGuarantee, "deliveryGuarantee");
        requireNonNull(groupType, "groupType");
        requireNonNull(warehouseRoot, "warehouseRoot");
        requireNonNull(reconciliation, "reconciliation");
        requireNonNull(kafka, "kafka");
        requireNonNull(registry, "registry");
        Violations violations = new Violations();
        SpecRules.jobId(violations, jobId);
        SpecRules.warehouseRoot(violations, warehouseRoot);
        SpecRules.groupType(violations, groupType, deliveryGuarantee);
        violations.throwIfAny();
    }

    /** The topics, groups, paths and tables of this job. */
    public JobNames names() {
        return JobNames.of(jobId);
    }
}
