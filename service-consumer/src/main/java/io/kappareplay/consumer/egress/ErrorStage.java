package io.kappareplay.consumer.egress;

import java.util.Locale;

/** Where a record failed, as the {@code kappa.error.stage} header names it. */
public enum ErrorStage {
    /**
     * The ingress value could not be decoded: a corrupt payload or an unknown schema id (at once),
     * or the registry could not be reached on the last attempt the retry budget allows.
     */
    DESERIALIZE,
    /** The handler failed permanently, or retriably past the retry budget. */
    HANDLE,
    /** An output could not be encoded or written to the egress topic. */
    PRODUCE;

    public String headerValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
