package io.kappareplay.consumer.metrics;

import java.util.Locale;

/** How a record left the runtime: the {@code outcome} tag of {@code kappa.consumer.records}. */
public enum RecordOutcome {
    /** Its outputs (or its 0-output marker) were acknowledged on the egress topic. */
    EGRESS,
    /** It was acknowledged on the dead letter topic. */
    DLQ,
    /**
     * Given up here without running again: its partition was revoked, or the instance stopped,
     * while it waited to start or for a retry; the partition's next owner replays it. Records still
     * running when {@code shutdown-timeout} runs out are not counted: they never report back.
     */
    ABANDONED;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
