package io.kappareplay.local.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Confluent's compatibility levels: which earlier versions a new schema is checked against. */
enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** The level of a registry on which nobody has set one, as in Confluent's. */
    static final CompatibilityLevel DEFAULT = BACKWARD;

    /** The new schema must read data written with the earlier ones. */
    final boolean backward;

    /** The earlier schemas must read data written with the new one. */
    final boolean forward;

    /** Checked against every live version, not only the latest. */
    final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /**
     * Parses a level name, case-insensitively; a bad name is a 42203 error naming the valid ones.
     */
    static CompatibilityLevel parse(String name) {
        if (name != null) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // Reported below with the list of valid names.
            }
        }
        throw RegistryException.invalidCompatibilityLevel(name, validNames());
    }

    static String validNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
