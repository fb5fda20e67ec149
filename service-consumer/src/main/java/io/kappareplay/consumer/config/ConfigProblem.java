package io.kappareplay.consumer.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One thing wrong with a consumer's configuration, e.g.
 *
 * <pre>{@code
 * kappa.consumer.max-in-flight (from --max-in-flight): '0' is not valid; use 1 to 1000000 records (default 1000)
 * --max-inflight: is not a flag; did you mean --max-in-flight?
 * }</pre>
 *
 * @param name the key ({@code kappa.consumer.max-in-flight}, {@code kafka.security.protocol}), or
 *     the flag, variable or property as given when it names no key ({@code --max-inflight})
 * @param origin where the value came from: the flag, the environment variable or {@code
 *     properties}; empty when {@code name} says it already or the key was not given
 * @param value the value as given, if it is part of the problem; never a secret's
 * @param problem what is wrong, e.g. {@code is not valid}
 * @param expected what would be valid, e.g. {@code use 1 to 1000000 records (default 1000)}
 */
public record ConfigProblem(
        String name,
        Optional<String> origin,
        Optional<String> value,
        String problem,
        String expected) {

    public ConfigProblem {
        requireNonNull(name, "name");
        requireNonNull(origin, "origin");
        requireNonNull(value, "value");
        requireNonNull(problem, "problem");
        requireNonNull(expected, "expected");
    }

    /** One line: {@code name (from origin): 'value' problem; expected}. */
    public String message() {
        return name
                + origin.map(o -> " (from " + o + ")").orElse("")
                + ": "
                + value.map(v -> "'" + v + "' ").orElse("")
                + problem
                + "; "
                + expected;
    }

    @Override
    public String toString() {
        return message();
    }
}
