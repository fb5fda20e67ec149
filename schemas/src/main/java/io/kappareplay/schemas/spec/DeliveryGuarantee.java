package io.kappareplay.schemas.spec;

/** What the consumer promises about each ingress record (ARCHITECTURE.md, "Guarantees"). */
public enum DeliveryGuarantee {
    /** Offsets committed after the outputs; a crash replays, never skips. The default. */
    AT_LEAST_ONCE,
    /** Outputs, DLQ records and offsets committed in one Kafka transaction. */
    EXACTLY_ONCE;

    /** How the guarantee is written in a spec, e.g. {@code at-least-once}. */
    public String key() {
        return SpecRules.key(this);
    }
}
