package io.kappareplay.consumer.metrics;

import java.util.Locale;

/** How a record left the runtime: the {@code outcome} tag of {@code kappa.consumer.records}. */
public enum RecordOutcome {
    /** Its outputs (or its 0-output marker) were acknowledged on the egress topic. */
    EGRESS,
    /** It was acknowledged on the dead letter topic. */
    DLQ,
    /** Its partition was revoked before it finished; another member replays it. */
    ABANDONED;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
