package io.kappareplay.schemas.spec;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * The production service replayed: {@code service} in a spec.
 *
 * <pre>{@code
 * service:
 *   handler: com.example.orders.OrdersReplayHandler
 *   output:
 *     subject: orders-priced-value
 *   properties:
 *     pricing.currency: EUR
 *     pricing.db.password: ${PRICING_DB_PASSWORD}
 * }</pre>
 *
 * @param handler {@code service.handler}: the fully qualified name of its {@code ReplayHandler};
 *     without it the runtime finds the one handler registered with {@code ServiceLoader} in its
 *     handler jars (or on its class path, when no jars are given)
 * @param output {@code service.output}: the Avro schema of its outputs, if the spec names one
 * @param properties {@code service.properties}, in spec order: the service's own settings, handed
 *     to the handler's {@code open} as they are, after {@code ${VAR}} references were replaced from
 *     the environment
 */
public record ServiceSpec(
        Optional<String> handler,
        Optional<SchemaReference> output,
        Map<String, String> properties) {

    public ServiceSpec {
        requireNonNull(handler, "handler");
        requireNonNull(output, "output");
        properties = KafkaSpec.copyProperties(properties);
        Violations violations = new Violations();
        handler.ifPresent(name -> SpecRules.handler(violations, name));
        violations.throwIfAny();
    }

    /** Names the properties without their values, which may hold secrets. */
    @Override
    public String toString() {
        return "ServiceSpec[handler="
                + handler
                + ", output="
                + output
                + ", properties="
                + properties.keySet()
                + "]";
    }
}
