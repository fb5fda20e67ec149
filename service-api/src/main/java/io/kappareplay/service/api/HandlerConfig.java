package io.kappareplay.service.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a handler is opened with: the job, the point in time its input was cut at, and the service's
 * own settings from the job spec.
 *
 * @param jobId the job being replayed, e.g. {@code pricing-sim-2024-06}
 * @param snapshotInstant the instant the input snapshot was cut at
 * @param properties the service's settings, passed through unchanged: the job spec's {@code
 *     service.properties}, with {@code ${VAR}} references replaced from the environment
 */
public record HandlerConfig(String jobId, Instant snapshotInstant, Map<String, String> properties) {
    public HandlerConfig {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(snapshotInstant, "snapshotInstant");
        properties = Map.copyOf(properties);
    }
}
