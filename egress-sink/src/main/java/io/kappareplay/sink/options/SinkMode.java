package io.kappareplay.sink.options;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The two ways the sink runs, as every stage does (ARCHITECTURE.md "Drained"). */
public enum SinkMode {
    /**
     * One job: read its egress and DLQ topics up to the end offsets of {@code egress.json}, commit,
     * mark the partitions {@code _SUCCESS}, write {@code sink.json} and exit.
     */
    BOUNDED,
    /** Every job whose topics match the topic pattern, long-running, for production. */
    CONTINUOUS;

    /** The lower-case name used in flags and settings. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the valid values
     */
    public static SinkMode parse(String text) {
        for (SinkMode mode : values()) {
            if (mode.value().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException(
                "'"
                        + text
                        + "' is not a mode; use "
                        + Arrays.stream(values())
                                .map(SinkMode::value)
                                .collect(Collectors.joining(" or ")));
    }
}
