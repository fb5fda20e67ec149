package io.kappareplay.sink.options;

import static java.util.Objects.requireNonNull;

import io.kappareplay.schemas.naming.JobNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The egress sink's settings, validated when built: a failure names the key, the value and what
 * would be valid. {@link SinkOptionKey} lists the keys and their defaults.
 *
 * <pre>{@code
 * SinkOptions options = SinkOptions.from(Map.of(
 *         SinkOptionKey.JOB, "orders",
 *         SinkOptionKey.BOOTSTRAP_SERVERS, "127.0.0.1:9092",
 *         SinkOptionKey.REGISTRY_URL, "http://127.0.0.1:8081",
 *         SinkOptionKey.WAREHOUSE, "file:///tmp/kappa-warehouse"), Map.of(), Map.of());
 * }</pre>
 *
 * @param job the job to land; present in bounded mode
 * @param kafkaProperties extra Kafka client settings ({@code --kafka key=value}), e.g. SASL
 * @param registryProperties extra registry client settings ({@code --registry key=value})
 */
public record SinkOptions(
        Optional<JobNames> job,
        String bootstrapServers,
        String registryUrl,
        URI warehouse,
        SinkMode mode,
        Optional<URI> egressManifest,
        Pattern topicPattern,
        Duration checkpointInterval,
        Optional<URI> checkpointDir,
        int parallelism,
        long maxPartSizeBytes,
        String groupId,
        int restartAttempts,
        Map<String, String> kafkaProperties,
        Map<String, String> registryProperties) {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    public SinkOptions {
        requireNonNull(job, "job");
        requireNonNull(warehouse, "warehouse");
        requireNonNull(mode, "mode");
        kafkaProperties = Collections.unmodifiableMap(new LinkedHashMap<>(kafkaProperties));
        registryProperties = Collections.unmodifiableMap(new LinkedHashMap<>(registryProperties));
    }

    /**
     * @param values settings by key; a key left out takes its default
     * @throws SinkConfigException for the first missing or invalid setting
     */
    public static SinkOptions from(
            Map<SinkOptionKey, String> values,
            Map<String, String> kafkaProperties,
            Map<String, String> registryProperties) {
        Map<SinkOptionKey, String> all = new EnumMap<>(SinkOptionKey.class);
        for (SinkOptionKey key : SinkOptionKey.values()) {
            String value = values.get(key);
            if (value != null && !value.isBlank()) {
                all.put(key, value.trim());
            } else {
                key.defaultValue().ifPresent(defaultValue -> all.put(key, defaultValue));
            }
        }
        SinkMode mode = parse(all, SinkOptionKey.MODE, SinkMode::parse);
        Optional<JobNames> job =
                Optional.ofNullable(all.get(SinkOptionKey.JOB))
                        .map(id -> parse(all, SinkOptionKey.JOB, JobNames::of));
        if (mode == SinkMode.BOUNDED && job.isEmpty()) {
            throw missing(SinkOptionKey.JOB, "bounded mode lands one job, e.g. --job orders");
        }
        String bootstrap = required(all, SinkOptionKey.BOOTSTRAP_SERVERS, "e.g. 127.0.0.1:9092");
        String registry = required(all, SinkOptionKey.REGISTRY_URL, "e.g. http://127.0.0.1:8081");
        required(all, SinkOptionKey.WAREHOUSE, "e.g. file:///tmp/kappa-warehouse");
        URI warehouse =
                parse(
                        all,
                        SinkOptionKey.WAREHOUSE,
                        text -> absoluteUri(text, "file:///tmp/kappa-warehouse"));
        Optional<URI> egressManifest =
                Optional.ofNullable(all.get(SinkOptionKey.EGRESS_MANIFEST))
                        .map(
                                text ->
                                        parse(
                                                all,
                                                SinkOptionKey.EGRESS_MANIFEST,
                                                t -> absoluteUri(t, "file:///data/egress.json")));
        Pattern topicPattern = parse(all, SinkOptionKey.TOPIC_PATTERN, Pattern::compile);
        Duration interval = parse(all, SinkOptionKey.CHECKPOINT_INTERVAL, SinkOptions::duration);
        if (interval.toMillis() < 100) {
            throw invalid(
                    SinkOptionKey.CHECKPOINT_INTERVAL,
                    all.get(SinkOptionKey.CHECKPOINT_INTERVAL),
                    "use 100ms or more");
        }
        Optional<URI> checkpointDir =
                Optional.ofNullable(all.get(SinkOptionKey.CHECKPOINT_DIR))
                        .map(
                                text ->
                                        parse(
                                                all,
                                                SinkOptionKey.CHECKPOINT_DIR,
                                                t -> absoluteUri(t, "hdfs:///flink/checkpoints")));
        int parallelism = positive(all, SinkOptionKey.PARALLELISM, 1);
        int partSizeMb = positive(all, SinkOptionKey.MAX_PART_SIZE_MB, 1);
        int restartAttempts = positive(all, SinkOptionKey.RESTART_ATTEMPTS, 0);
        return new SinkOptions(
                job,
                bootstrap,
                registry,
                warehouse,
                mode,
                egressManifest,
                topicPattern,
                interval,
                checkpointDir,
                parallelism,
                partSizeMb * 1024L * 1024L,
                all.get(SinkOptionKey.GROUP_ID),
                restartAttempts,
                kafkaProperties,
                registryProperties);
    }

    /** The job of a bounded run. */
    public JobNames boundedJob() {
        return job.orElseThrow(
                () -> missing(SinkOptionKey.JOB, "bounded mode lands one job, e.g. --job orders"));
    }

    /** Where bounded mode reads its stop offsets: the option, else the job's own egress.json. */
    public URI egressManifestLocation() {
        return egressManifest.orElseGet(() -> boundedJob().egressManifest(warehouse));
    }

    /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, or an ISO-8601 duration. */
    static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        return Duration.parse(text.trim());
    }

    private static URI absoluteUri(String text, String example) {
        try {
            URI uri = new URI(text);
            if (!uri.isAbsolute() || uri.isOpaque()) {
                throw new IllegalArgumentException("not an absolute URI; use e.g. " + example);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getMessage() + "; use e.g. " + example, e);
        }
    }

    private static int positive(Map<SinkOptionKey, String> all, SinkOptionKey key, int min) {
        int value = parse(all, key, Integer::parseInt);
        if (value < min) {
            throw invalid(key, all.get(key), "use a whole number of " + min + " or more");
        }
        return value;
    }

    private static String required(Map<SinkOptionKey, String> all, SinkOptionKey key, String hint) {
        String value = all.get(key);
        if (value == null) {
            throw missing(key, hint);
        }
        return value;
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> T parse(
            Map<SinkOptionKey, String> all, SinkOptionKey key, Parser<T> parser) {
        String value = all.get(key);
        if (value == null) {
            return null;
        }
        try {
            return parser.parse(value);
        } catch (PatternSyntaxException e) {
            throw invalid(key, value, "not a regular expression: " + e.getDescription());
        } catch (RuntimeException e) {
            throw invalid(key, value, e.getMessage());
        }
    }

    private static SinkConfigException missing(SinkOptionKey key, String hint) {
        return new SinkConfigException(
                key.key() + " is missing: give " + key.flag() + " <value> (" + hint + ")");
    }

    private static SinkConfigException invalid(SinkOptionKey key, String value, String why) {
        return new SinkConfigException(
                key.key()
                        + " ("
                        + key.flag()
                        + ") '"
                        + value
                        + "' is not valid: "
                        + why
                        + "; "
                        + key.description());
    }
}
