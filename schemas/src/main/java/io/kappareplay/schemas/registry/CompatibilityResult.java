package io.kappareplay.schemas.registry;

import java.util.List;

/**
 * The registry's answer to a compatibility test: whether the schema is compatible and, when it is
 * not, the registry's reasons (asked for with {@code verbose=true}).
 *
 * <pre>{@code
 * CompatibilityResult result = registry.testCompatibilityWithLatest(subject, schema);
 * if (!result.compatible()) {
 *     throw new IllegalStateException(String.join("; ", result.messages()));
 * }
 * }</pre>
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {
    public CompatibilityResult {
        messages = List.copyOf(messages);
    }
}
