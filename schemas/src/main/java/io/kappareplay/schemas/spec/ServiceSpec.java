package io.kappareplay.schemas.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The production service replayed: {@code service} in a spec.
 *
 * <pre>{@code
 * service:
 *   handler: com.example.orders.OrdersReplayHandler
 *   output:
 *     subject: orders-priced-value
 * }</pre>
 *
 * @param handler {@code service.handler}: the fully qualified name of its {@code ReplayHandler};
 *     without it the runtime finds the one handler its jars register with {@code ServiceLoader}
 * @param output {@code service.output}: the Avro schema of its outputs, if the spec names one
 */
public record ServiceSpec(Optional<String> handler, Optional<SchemaReference> output) {

    public ServiceSpec {
        requireNonNull(handler, "handler");
        requireNonNull(output, "output");
        Violations violations = new Violations();
        handler.ifPresent(name -> SpecRules.handler(violations, name));
        violations.throwIfAny();
    }
}
