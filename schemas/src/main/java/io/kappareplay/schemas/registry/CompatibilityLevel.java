package io.kappareplay.schemas.registry;

import java.util.Arrays;
import java.util.Locale;

/**
 * The registry's compatibility levels, which decide whether a new schema version may be registered.
 *
 * <pre>{@code
 * registry.setSubjectCompatibility("kappa.orders.ingress-value", CompatibilityLevel.BACKWARD);
 * }</pre>
 */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    /**
     * The level named {@code name}, ignoring case.
     *
     * @throws IllegalArgumentException naming the valid levels if there is no such level
     */
    public static CompatibilityLevel parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Unknown compatibility level '"
                            + name
                            + "': expected one of "
                            + Arrays.toString(values()),
                    e);
        }
    }
}
