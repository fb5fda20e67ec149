package io.kappareplay.consumer.testing;

import java.util.Map;
import java.util.UUID;

/**
 * The job spec every runtime IT runs: a fresh job id, the given handler, the fixtures' endpoints.
 */
public final class TestJobSpecs {
    private TestJobSpecs() {}

    /** A job id unique to this run, so ITs on the shared broker never share topics or groups. */
    public static String newJobId(String name) {
        return "it-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String yaml(
            String jobId, Class<?> handler, String bootstrapServers, String registryUrl) {
        return yaml(jobId, handler, bootstrapServers, registryUrl, Map.of());
    }

    /** The spec with {@code service.properties}, which the handler's {@code open} receives. */
    public static String yaml(
            String jobId,
            Class<?> handler,
            String bootstrapServers,
            String registryUrl,
            Map<String, String> serviceProperties) {
        StringBuilder properties = new StringBuilder();
        if (!serviceProperties.isEmpty()) {
            properties.append("  properties:\n");
            serviceProperties.forEach(
                    (name, value) ->
                            properties
                                    .append("    ")
                                    .append(name)
                                    .append(": '")
                                    .append(value)
                                    .append("'\n"));
        }
        return """
                job-id: %s
                source:
                  format: iceberg
                  table: sales.orders
                  key-column: order_id
                  point-in-time:
                    mode: as-of
                    instant: 2024-06-30T00:00:00Z
                ingress:
                  contract:
                    subject: orders-contract-value
                service:
                  handler: %s
                %swarehouse-root: file:///tmp/kappa-warehouse
                kafka:
                  bootstrap-servers: %s
                registry:
                  url: %s
                """
                .formatted(jobId, handler.getName(), properties, bootstrapServers, registryUrl);
    }
}
