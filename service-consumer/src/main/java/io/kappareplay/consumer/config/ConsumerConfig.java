package io.kappareplay.consumer.config;

import static java.util.Objects.requireNonNull;

import io.kappareplay.consumer.config.ConfigSources.Setting;
import io.kappareplay.consumer.dispatch.AdaptiveConcurrencyMode;
import io.kappareplay.consumer.dispatch.OrderingMode;
import io.kappareplay.schemas.spec.KafkaSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The configuration of one consumer runtime instance: typed, immutable, and valid once built.
 *
 * <p>Each setting is a {@link ConsumerConfigKey} with a default. {@link #load} reads, each source
 * replacing the values of the one before: the defaults, a properties map ({@code
 * kappa.consumer.max-in-flight=500}), the environment ({@code KAPPA_CONSUMER_MAX_IN_FLIGHT=500}),
 * then the command line ({@code --max-in-flight 500} or {@code --max-in-flight=500}).
 *
 * <pre>{@code
 * ConsumerConfig config = ConsumerConfig.load(Map.of(), System.getenv(), List.of(args));
 * int limit = config.maxInFlight();
 * }</pre>
 *
 * <p>Kafka client properties pass through under {@code kafka.}: {@code
 * kafka.security.protocol=SASL_SSL}, {@code --kafka.security.protocol=SASL_SSL}, or {@code
 * KAPPA_KAFKA_SECURITY_PROTOCOL=SASL_SSL} (after {@code KAPPA_KAFKA_}: {@code _} is {@code .},
 * {@code __} is {@code _}, {@code ___} is {@code -}). They go over the job spec's {@code
 * kafka.properties}: see {@link #kafkaClientProperties(KafkaSpec)}.
 *
 * <p>Strict, so that no typo leaves a setting at its default unnoticed: a flag, a {@code
 * KAPPA_CONSUMER_*} variable or a property that names no key is an error with the key it most
 * likely meant, and so is a value outside its key's valid values. Every problem is collected and
 * thrown together as one {@link ConsumerConfigException}. Other environment variables are not read.
 */
public final class ConsumerConfig {

    private static final String REDACTED = "(redacted)";

    private final Map<ConsumerConfigKey, Object> values;
    private final Map<String, String> kafkaProperties;

    private ConsumerConfig(Map<ConsumerConfigKey, Object> values, Map<String, String> kafka) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
        this.kafkaProperties = Collections.unmodifiableMap(new LinkedHashMap<>(kafka));
    }

    /**
     * Reads and checks a configuration.
     *
     * @param properties {@code kappa.consumer.*} and {@code kafka.*} settings, e.g. from a file;
     *     empty for none
     * @param environment the process's environment; only {@code KAPPA_CONSUMER_*} and {@code
     *     KAPPA_KAFKA_*} are read
     * @param arguments the command line: {@code --flag value} or {@code --flag=value}
     * @throws ConsumerConfigException naming every problem: key, value, source, what is valid
     */
    public static ConsumerConfig load(
            Map<String, String> properties,
            Map<String, String> environment,
            List<String> arguments) {
        requireNonNull(properties, "properties");
        requireNonNull(environment, "environment");
        requireNonNull(arguments, "arguments");
        ConfigSources sources = ConfigSources.read(properties, environment, arguments);
        List<ConfigProblem> problems = new ArrayList<>(sources.problems());
        Map<ConsumerConfigKey, Object> values = new EnumMap<>(ConsumerConfigKey.class);
        for (ConsumerConfigKey key : ConsumerConfigKey.values()) {
            Optional<Setting> setting = sources.setting(key);
            Optional<String> text = setting.map(Setting::value).or(key::defaultValue);
            if (text.isEmpty()) {
                problems.add(
                        new ConfigProblem(
                                key.key(),
                                Optional.empty(),
                                Optional.empty(),
                                "missing",
                                "give "
                                        + key.validValues()
                                        + ": "
                                        + key.flag()
                                        + " <value> or "
                                        + key.environmentVariable()
                                        + "=<value>"));
                continue;
            }
            try {
                values.put(key, key.type().parse(text.get()));
            } catch (InvalidValueException e) {
                problems.add(
                        new ConfigProblem(
                                key.key(),
                                setting.map(Setting::origin),
                                text,
                                "is not valid",
                                "use " + key.validValues() + defaultNote(key) + e.hint()));
            }
        }
        checkBackoffs(values, sources, problems);
        checkEndOffsetsNeedJobMode(values, sources, problems);
        checkMinLimitFitsMaxInFlight(values, sources, problems);
        Map<String, String> kafka = new LinkedHashMap<>();
        sources.kafkaProperties()
                .forEach(
                        (property, setting) -> {
                            if (setting.value().isEmpty()) {
                                problems.add(
                                        new ConfigProblem(
                                                KafkaPassThrough.PREFIX + property,
                                                Optional.of(setting.origin()),
                                                Optional.empty(),
                                                "is empty",
                                                "give it a value, or leave the property out"));
                            }
                            kafka.put(property, setting.value());
                        });
        if (!problems.isEmpty()) {
            throw new ConsumerConfigException(problems);
        }
        return new ConsumerConfig(values, kafka);
    }

    private static String defaultNote(ConsumerConfigKey key) {
        return key.defaultValue()
                .map(value -> value.isEmpty() ? " (default: empty)" : " (default " + value + ")")
                .orElse("");
    }

    private static void checkBackoffs(
            Map<ConsumerConfigKey, Object> values,
            ConfigSources sources,
            List<ConfigProblem> problems) {
        Duration initial = (Duration) values.get(ConsumerConfigKey.RETRY_INITIAL_BACKOFF);
        Duration max = (Duration) values.get(ConsumerConfigKey.RETRY_MAX_BACKOFF);
        if (initial == null || max == null || max.compareTo(initial) >= 0) {
            return; // A value that did not parse is reported already.
        }
        ValueType type = ConsumerConfigKey.RETRY_MAX_BACKOFF.type();
        problems.add(
                new ConfigProblem(
                        ConsumerConfigKey.RETRY_MAX_BACKOFF.key(),
                        sources.setting(ConsumerConfigKey.RETRY_MAX_BACKOFF).map(Setting::origin),
                        Optional.of(type.format(max)),
                        "is less than "
                                + ConsumerConfigKey.RETRY_INITIAL_BACKOFF.key()
                                + " ("
                                + type.format(initial)
                                + ")",
                        "use a max-backoff of at least the initial one, or lower the initial"
                                + " one"));
    }

    private static void checkEndOffsetsNeedJobMode(
            Map<ConsumerConfigKey, Object> values,
            ConfigSources sources,
            List<ConfigProblem> problems) {
        Map<?, ?> ends = (Map<?, ?>) values.get(ConsumerConfigKey.INGRESS_END_OFFSETS);
        if (ends == null
                || ends.isEmpty()
                || values.get(ConsumerConfigKey.MODE) != RunMode.CONTINUOUS) {
            return;
        }
        ConsumerConfigKey key = ConsumerConfigKey.INGRESS_END_OFFSETS;
        problems.add(
                new ConfigProblem(
                        key.key(),
                        sources.setting(key).map(Setting::origin),
                        Optional.of(key.type().format(ends)),
                        "applies only in job mode, and "
                                + ConsumerConfigKey.MODE.key()
                                + " is continuous",
                        "leave it out in continuous mode, or run with "
                                + ConsumerConfigKey.MODE.flag()
                                + " job"));
    }

    private static void checkMinLimitFitsMaxInFlight(
            Map<ConsumerConfigKey, Object> values,
            ConfigSources sources,
            List<ConfigProblem> problems) {
        Integer min = (Integer) values.get(ConsumerConfigKey.ADAPTIVE_CONCURRENCY_MIN_LIMIT);
        Integer max = (Integer) values.get(ConsumerConfigKey.MAX_IN_FLIGHT);
        if (min == null
                || max == null
                || min <= max
                || values.get(ConsumerConfigKey.ADAPTIVE_CONCURRENCY)
                        != AdaptiveConcurrencyMode.GRADIENT) {
            return; // Off, a fixed limit has no minimum; a value that did not parse is reported.
        }
        ConsumerConfigKey key = ConsumerConfigKey.ADAPTIVE_CONCURRENCY_MIN_LIMIT;
        problems.add(
                new ConfigProblem(
                        key.key(),
                        sources.setting(key).map(Setting::origin),
                        Optional.of(key.type().format(min)),
                        "is more than " + ConsumerConfigKey.MAX_IN_FLIGHT.key() + " (" + max + ")",
                        "use a min-limit of at most max-in-flight, or raise max-in-flight"));
    }

    /**
     * Every key with its flag, variable, doc, valid values and default: the text of {@code --help},
     * which a main answers before it calls {@link #load}.
     */
    public static String usage() {
        StringBuilder usage =
                new StringBuilder(
                        "Settings, by flag, environment variable and key; a later source wins:"
                                + " key in a properties map < variable < flag.\n");
        for (ConsumerConfigKey key : ConsumerConfigKey.values()) {
            usage.append("\n  ")
                    .append(key.flag())
                    .append(" <value>, ")
                    .append(key.environmentVariable())
                    .append(", ")
                    .append(key.key())
                    .append("\n      ")
                    .append(key.doc())
                    .append("\n      Valid: ")
                    .append(key.validValues())
                    .append(
                            key.defaultValue()
                                    .map(
                                            d ->
                                                    d.isEmpty()
                                                            ? ". Default: empty."
                                                            : ". Default: " + d + ".")
                                    .orElse(". Required."))
                    .append('\n');
        }
        usage.append(
                "\n  --kafka.<property> <value>, KAPPA_KAFKA_<PROPERTY>, kafka.<property>\n"
                        + "      A Kafka client property, over the job spec's kafka.properties."
                        + " In the variable's name _ stands for '.', __ for '_' and ___ for '-':"
                        + " KAPPA_KAFKA_SASL_JAAS_CONFIG is sasl.jaas.config.\n");
        return usage.toString();
    }

    private <T> T value(ConsumerConfigKey key, Class<T> type) {
        return type.cast(values.get(key));
    }

    /** {@code kappa.consumer.job-spec}: the job spec YAML file. */
    public Path jobSpec() {
        return value(ConsumerConfigKey.JOB_SPEC, Path.class);
    }

    /** {@code kappa.consumer.mode}: whether the instance exits once the job is drained. */
    public RunMode mode() {
        return value(ConsumerConfigKey.MODE, RunMode.class);
    }

    /** {@code kappa.consumer.max-in-flight}: records in flight at most, per instance. */
    public int maxInFlight() {
        return value(ConsumerConfigKey.MAX_IN_FLIGHT, Integer.class);
    }

    /** {@code kappa.consumer.max-in-flight-bytes}: bytes of records in flight at most. */
    public long maxInFlightBytes() {
        return value(ConsumerConfigKey.MAX_IN_FLIGHT_BYTES, Long.class);
    }

    /** {@code kappa.consumer.low-water-ratio}: the share of the limits to resume below. */
    public double lowWaterRatio() {
        return value(ConsumerConfigKey.LOW_WATER_RATIO, Double.class);
    }

    /**
     * {@code kappa.consumer.adaptive-concurrency}: whether the in-flight record limit follows the
     * handler's latency.
     */
    public AdaptiveConcurrencyMode adaptiveConcurrency() {
        return value(ConsumerConfigKey.ADAPTIVE_CONCURRENCY, AdaptiveConcurrencyMode.class);
    }

    /**
     * {@code kappa.consumer.adaptive-concurrency.min-limit}: the lowest adaptive record limit; at
     * most {@link #maxInFlight()} when adaptive concurrency is on.
     */
    public int adaptiveConcurrencyMinLimit() {
        return value(ConsumerConfigKey.ADAPTIVE_CONCURRENCY_MIN_LIMIT, Integer.class);
    }

    /** {@code kappa.consumer.ordering}: which records may run at the same time. */
    public OrderingMode ordering() {
        return value(ConsumerConfigKey.ORDERING, OrderingMode.class);
    }

    /** {@code kappa.consumer.max-records-per-second}: the rate limit; 0 = none. */
    public int maxRecordsPerSecond() {
        return value(ConsumerConfigKey.MAX_RECORDS_PER_SECOND, Integer.class);
    }

    /** {@code kappa.consumer.retry.max-attempts}: tries of one record, the first included. */
    public int retryMaxAttempts() {
        return value(ConsumerConfigKey.RETRY_MAX_ATTEMPTS, Integer.class);
    }

    /** {@code kappa.consumer.retry.initial-backoff}: the backoff before the first retry. */
    public Duration retryInitialBackoff() {
        return value(ConsumerConfigKey.RETRY_INITIAL_BACKOFF, Duration.class);
    }

    /** {@code kappa.consumer.retry.max-backoff}: the longest backoff. */
    public Duration retryMaxBackoff() {
        return value(ConsumerConfigKey.RETRY_MAX_BACKOFF, Duration.class);
    }

    /** {@code kappa.consumer.retry.jitter}: the random share of each backoff, 0 to 1. */
    public double retryJitter() {
        return value(ConsumerConfigKey.RETRY_JITTER, Double.class);
    }

    /** {@code kappa.consumer.handler-timeout}: the deadline of one attempt. */
    public Duration handlerTimeout() {
        return value(ConsumerConfigKey.HANDLER_TIMEOUT, Duration.class);
    }

    /** {@code kappa.consumer.stall-threshold}: in flight longer than this is reported. */
    public Duration stallThreshold() {
        return value(ConsumerConfigKey.STALL_THRESHOLD, Duration.class);
    }

    /** {@code kappa.consumer.shutdown-timeout}: how long a drain may take. */
    public Duration shutdownTimeout() {
        return value(ConsumerConfigKey.SHUTDOWN_TIMEOUT, Duration.class);
    }

    /** {@code kappa.consumer.commit-interval}: how often finished offsets are committed. */
    public Duration commitInterval() {
        return value(ConsumerConfigKey.COMMIT_INTERVAL, Duration.class);
    }

    /** {@code kappa.consumer.poll-timeout}: the longest wait of one poll. */
    public Duration pollTimeout() {
        return value(ConsumerConfigKey.POLL_TIMEOUT, Duration.class);
    }

    /**
     * {@code kappa.consumer.instance-id}: the static membership id ({@code group.instance.id});
     * empty for dynamic membership.
     */
    public Optional<String> instanceId() {
        String id = value(ConsumerConfigKey.INSTANCE_ID, String.class);
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /**
     * {@code kappa.consumer.metrics-port}: the port of {@code /metrics}, {@code /healthz} and
     * {@code /readyz}; 0 = any free port, -1 = no HTTP server.
     */
    public int metricsPort() {
        return value(ConsumerConfigKey.METRICS_PORT, Integer.class);
    }

    /**
     * {@code kappa.consumer.ingress-end-offsets}: where job mode's replay ends, by ingress
     * partition; empty = the topic's read_committed end offsets.
     */
    @SuppressWarnings("unchecked")
    public Map<Integer, Long> ingressEndOffsets() {
        return (Map<Integer, Long>) value(ConsumerConfigKey.INGRESS_END_OFFSETS, Map.class);
    }

    /**
     * {@code kappa.consumer.handler-jars}: the handler's jars; empty = the handler is on the
     * runtime's own class path, loaded without isolation.
     */
    @SuppressWarnings("unchecked")
    public List<Path> handlerJars() {
        return (List<Path>) value(ConsumerConfigKey.HANDLER_JARS, List.class);
    }

    /**
     * The Kafka client properties passed through ({@code kafka.*}), by client property name: {@code
     * security.protocol}, not {@code kafka.security.protocol}.
     */
    public Map<String, String> kafkaProperties() {
        return kafkaProperties;
    }

    /**
     * What every Kafka client of this instance is configured with: the job spec's {@code
     * bootstrap.servers} and {@code kafka.properties}, with {@link #kafkaProperties()} over them.
     *
     * <p>The runtime puts the properties it sets itself, every {@link RuntimeOwnedKafkaProperty}
     * ({@code group.id}, {@code isolation.level}, {@code acks}, {@code client.id}, serializers...),
     * over this map. This configuration refuses them, so that a flag never silently loses; the job
     * spec may hold them, because the publisher and the sink read its {@code kafka.properties} too.
     * The producer's {@code linger.ms} is only defaulted, so a value from here wins.
     */
    public Map<String, String> kafkaClientProperties(KafkaSpec kafka) {
        Map<String, String> merged = new LinkedHashMap<>();
        merged.put("bootstrap.servers", kafka.bootstrapServers());
        merged.putAll(kafka.properties());
        merged.putAll(kafkaProperties);
        return Collections.unmodifiableMap(merged);
    }

    /**
     * Every setting as {@code key=value}, the way it would be configured; the values of Kafka
     * properties that may hold credentials ({@code sasl.jaas.config}, {@code *password*}, {@code
     * *secret*}, {@code *token*}, {@code *user.info*}...) are shown as {@code (redacted)}, so that
     * the config can be logged.
     */
    @Override
    public String toString() {
        StringJoiner settings = new StringJoiner(", ", "ConsumerConfig[", "]");
        values.forEach((key, value) -> settings.add(key.key() + "=" + key.type().format(value)));
        kafkaProperties.forEach(
                (property, value) ->
                        settings.add(
                                KafkaPassThrough.PREFIX
                                        + property
                                        + "="
                                        + (KafkaPassThrough.isSecret(property)
                                                ? REDACTED
                                                : value)));
        return settings.toString();
    }
}
