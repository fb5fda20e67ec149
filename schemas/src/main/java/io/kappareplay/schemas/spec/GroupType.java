package io.kappareplay.schemas.spec;

/**
 * Which kind of Kafka group the consumer runtime reads ingress in ({@code group-type}).
 *
 * <pre>{@code
 * group-type: share       # default consumer
 * }</pre>
 */
public enum GroupType {
    /**
     * A consumer group, {@code kappa.<job>}: each ingress partition is read by one instance, which
     * commits offsets. Instances beyond the partition count idle. The default.
     */
    CONSUMER,
    /**
     * A share group, {@code kappa.<job>.share} (KIP-932): instances share partitions and
     * acknowledge each record, so a fleet scales past the partition count without rebalances.
     * At-least-once only: share groups have no transactional acknowledgement.
     */
    SHARE;

    /** How the group type is written in a spec, e.g. {@code share}. */
    public String key() {
        return SpecRules.key(this);
    }
}
