package io.kappareplay.service.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Where one input comes from and how it is being handled.
 *
 * @param jobId the job being replayed
 * @param key the input's business key
 * @param headers the input record's headers as UTF-8 text (e.g. {@code kappa.lineage})
 * @param attempt 1 for the first try, counting retries
 * @param deadline when the runtime stops waiting for this attempt
 * @param snapshotInstant the point in time the input was cut at: a historical simulation must ask
 *     its dependencies for the world as it was then
 * @param replay true under the replay runtime; a service suppresses side effects (emails, writes to
 *     production stores) when it is set
 */
public record ReplayContext(
        String jobId,
        String key,
        Map<String, String> headers,
        int attempt,
        Instant deadline,
        Instant snapshotInstant,
        boolean replay) {
    public ReplayContext {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(key, "key");
        headers = Map.copyOf(headers);
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more, not " + attempt);
        }
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(snapshotInstant, "snapshotInstant");
    }
}
