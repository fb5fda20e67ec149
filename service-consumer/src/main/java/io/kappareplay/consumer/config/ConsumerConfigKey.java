package io.kappareplay.consumer.config;

import io.kappareplay.consumer.config.ValueType.ByteSize;
import io.kappareplay.consumer.config.ValueType.Choice;
import io.kappareplay.consumer.config.ValueType.FilePath;
import io.kappareplay.consumer.config.ValueType.FilePathList;
import io.kappareplay.consumer.config.ValueType.Fraction;
import io.kappareplay.consumer.config.ValueType.InstanceId;
import io.kappareplay.consumer.config.ValueType.PartitionOffsetList;
import io.kappareplay.consumer.config.ValueType.TimeSpan;
import io.kappareplay.consumer.config.ValueType.WholeNumber;
import io.kappareplay.consumer.dispatch.AdaptiveConcurrencyMode;
import io.kappareplay.consumer.dispatch.OrderingMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every setting of the consumer runtime, each with its doc string, its default and its valid
 * values. A key has one dotted name and two spellings derived from it mechanically: the flag drops
 * the {@code kappa.consumer.} prefix, and the environment variable is the key in upper case with
 * dots and dashes turned into underscores.
 *
 * <pre>{@code
 * ConsumerConfigKey.MAX_IN_FLIGHT.key();                 // kappa.consumer.max-in-flight
 * ConsumerConfigKey.MAX_IN_FLIGHT.flag();                // --max-in-flight
 * ConsumerConfigKey.MAX_IN_FLIGHT.environmentVariable(); // KAPPA_CONSUMER_MAX_IN_FLIGHT
 * }</pre>
 *
 * <p>{@link ConsumerConfig} reads them; {@link ConsumerConfig#usage()} lists them with their docs.
 */
public enum ConsumerConfigKey {
    JOB_SPEC(
            "job-spec",
            new FilePath(),
            null,
            "The job spec YAML file: the job id, the handler class, the Kafka cluster and the"
                    + " registry (see docs/job-spec.md). Required."),
    MODE(
            "mode",
            new Choice(RunMode.class),
            "job",
            "job: replay one job and exit once its ingress is drained; continuous: consume until"
                    + " stopped."),
    INGRESS_END_OFFSETS(
            "ingress-end-offsets",
            new PartitionOffsetList(),
            "",
            "Job mode only: where the replay ends on each ingress partition, e.g. the end offsets"
                    + " in the publisher's ingress manifest. The job is drained once the group's"
                    + " committed offsets reach them (only transaction markers may lie between),"
                    + " whatever is published after them. Empty = the topic's read_committed end"
                    + " offsets at the time of the drain check, which suits a job whose"
                    + " publishing has finished before the consumers start."),
    MAX_IN_FLIGHT(
            "max-in-flight",
            new WholeNumber(1, 1_000_000, "1 to 1000000 records"),
            "1000",
            "Records handed to the handler and not yet finished, those waiting for a retry"
                    + " included, per instance. Partitions are paused at this limit."),
    MAX_IN_FLIGHT_BYTES(
            "max-in-flight-bytes",
            new ByteSize(1024),
            "256MiB",
            "Serialized size (key and value) of the records in flight, per instance: bounds the"
                    + " memory held for them. Partitions are paused at this limit."),
    LOW_WATER_RATIO(
            "low-water-ratio",
            new Fraction(0, false, 1, false, "a number greater than 0 and less than 1, e.g. 0.8"),
            "0.8",
            "Paused partitions resume once records and bytes in flight are both at or below this"
                    + " share of their limits; the gap keeps partitions from flapping between paused"
                    + " and resumed on every record."),
    ADAPTIVE_CONCURRENCY(
            "adaptive-concurrency",
            new Choice(AdaptiveConcurrencyMode.class),
            "off",
            "off: the in-flight record limit stays at max-in-flight. gradient: the limit follows"
                    + " the handler's latency, to spare the dependencies the service calls: it"
                    + " falls when attempts take longer than they used to and climbs back when"
                    + " they recover, between adaptive-concurrency.min-limit and max-in-flight"
                    + " (Netflix's Gradient2 algorithm over windows of at least 500ms)."),
    ADAPTIVE_CONCURRENCY_MIN_LIMIT(
            "adaptive-concurrency.min-limit",
            new WholeNumber(1, 1_000_000, "1 to 1000000 records, at most max-in-flight"),
            "10",
            "With adaptive-concurrency gradient: the lowest the in-flight record limit goes, so"
                    + " that a slow spell never stops the replay. At most max-in-flight; ignored"
                    + " when adaptive-concurrency is off."),
    ORDERING(
            "ordering",
            new Choice(OrderingMode.class),
            "unordered",
            "unordered: any record may run beside any other; key: records with the same key run"
                    + " one at a time, in offset order; partition: the records of a partition run"
                    + " one at a time, in offset order."),
    MAX_RECORDS_PER_SECOND(
            "max-records-per-second",
            new WholeNumber(0, Integer.MAX_VALUE, "0 (no limit) or more records per second"),
            "0",
            "Records admitted per second, per instance, to spare the dependencies the service"
                    + " calls. Retries of admitted records do not count against it, so the"
                    + " handler's call rate can exceed it while records are retried. 0 = no"
                    + " limit."),
    RETRY_MAX_ATTEMPTS(
            "retry.max-attempts",
            new WholeNumber(1, Integer.MAX_VALUE, "1 or more attempts"),
            "5",
            "Tries of one record, the first one included, before a retriable failure sends it"
                    + " to the DLQ. 1 = no retries."),
    RETRY_INITIAL_BACKOFF(
            "retry.initial-backoff",
            new TimeSpan(Duration.ofMillis(1), Duration.ofHours(1)),
            "100ms",
            "Backoff before the first retry; each further retry's backoff doubles, up to"
                    + " retry.max-backoff."),
    RETRY_MAX_BACKOFF(
            "retry.max-backoff",
            new TimeSpan(Duration.ofMillis(1), Duration.ofHours(1)),
            "30s",
            "Longest backoff; at least retry.initial-backoff. At most 1h, because a record"
                    + " waiting for its retry holds back its partition's commit."),
    RETRY_JITTER(
            "retry.jitter",
            new Fraction(
                    0,
                    true,
                    1,
                    true,
                    "a number from 0 to 1: 0 = no jitter, 0.5 = equal jitter, 1 = full jitter"),
            "0.5",
            "Random share of each backoff, so that records failing together do not retry"
                    + " together: a retry waits a uniformly random time between (1 - jitter) x"
                    + " backoff and the backoff."),
    HANDLER_TIMEOUT(
            "handler-timeout",
            new TimeSpan(Duration.ofMillis(1), Duration.ofHours(24)),
            "60s",
            "Deadline of one attempt (ReplayContext.deadline). An attempt that overruns it is a"
                    + " retriable failure."),
    STALL_THRESHOLD(
            "stall-threshold",
            new TimeSpan(Duration.ofSeconds(1), Duration.ofHours(24)),
            "5m",
            "A record in flight for longer than this, retries included, is reported as stalled:"
                    + " a metric and a log line with its partition and offset."),
    SHUTDOWN_TIMEOUT(
            "shutdown-timeout",
            new TimeSpan(Duration.ZERO, Duration.ofHours(1)),
            "30s",
            "On SIGTERM, and for partitions being revoked, how long records in flight may take"
                    + " to finish before they are abandoned and what finished is committed;"
                    + " abandoned records are replayed by the partition's next owner. Give the pod"
                    + " a terminationGracePeriodSeconds above it."),
    COMMIT_INTERVAL(
            "commit-interval",
            new TimeSpan(Duration.ofMillis(1), Duration.ofHours(1)),
            "1s",
            "How often finished offsets are committed; in exactly-once mode, how often a"
                    + " transaction commits (e.g. 100ms). A crash replays up to this much finished"
                    + " work."),
    POLL_TIMEOUT(
            "poll-timeout",
            new TimeSpan(Duration.ofMillis(1), Duration.ofSeconds(10)),
            "100ms",
            "Longest wait of one poll for records. At most 10s, because between polls the loop"
                    + " hands out due retries and resumes partitions."),
    INSTANCE_ID(
            "instance-id",
            new InstanceId(),
            "",
            "Static group membership (Kafka's group.instance.id): an instance that restarts"
                    + " under the same id within the session timeout gets its partitions back"
                    + " without a rebalance. Use a stable name such as a StatefulSet's pod name."
                    + " Empty = dynamic membership. Not taken from HOSTNAME: a Deployment's pod"
                    + " names change on every rollout, and each gone name would hold its"
                    + " partitions, unconsumed, until its session times out."),
    METRICS_PORT(
            "metrics-port",
            new WholeNumber(-1, 65535, "-1 (off), 0 (any free port) or a port from 1 to 65535"),
            "9400",
            "Port of the HTTP server with /metrics (Prometheus), /healthz and /readyz."),
    HANDLER_JARS(
            "handler-jars",
            new FilePathList(),
            "",
            "Jars of the handler and its libraries, loaded child-first in their own class"
                    + " loader. Empty = the handler is on the runtime's class path: it is loaded"
                    + " from the runtime's own class loader, without isolation.");

    /** The prefix of every key. */
    public static final String PREFIX = "kappa.consumer.";

    /** The prefix of every key's environment variable. */
    public static final String ENVIRONMENT_PREFIX = "KAPPA_CONSUMER_";

    private static final Map<String, ConsumerConfigKey> BY_NAME =
            Arrays.stream(values())
                    .collect(Collectors.toUnmodifiableMap(k -> k.name, Function.identity()));
    private static final Map<String, ConsumerConfigKey> BY_ENVIRONMENT_VARIABLE =
            Arrays.stream(values())
                    .collect(
                            Collectors.toUnmodifiableMap(
                                    ConsumerConfigKey::environmentVariable, Function.identity()));

    private final String name;
    private final ValueType type;
    private final String defaultValue;
    private final String doc;

    ConsumerConfigKey(String name, ValueType type, String defaultValue, String doc) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.doc = doc;
    }

    /** The dotted key, e.g. {@code kappa.consumer.retry.max-attempts}. */
    public String key() {
        return PREFIX + name;
    }

    /** The key without its prefix, as flags spell it: {@code retry.max-attempts}. */
    public String shortName() {
        return name;
    }

    /** The command-line flag, e.g. {@code --retry.max-attempts}. */
    public String flag() {
        return "--" + name;
    }

    /** The environment variable, e.g. {@code KAPPA_CONSUMER_RETRY_MAX_ATTEMPTS}. */
    public String environmentVariable() {
        return key().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The default as it would be written; empty for a required key ({@link #JOB_SPEC}). */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** What the key does, for {@code --help} and docs. */
    public String doc() {
        return doc;
    }

    /** What would be valid, e.g. {@code 1 to 1000000 records}. */
    public String validValues() {
        return type.validValues();
    }

    ValueType type() {
        return type;
    }

    /** The key with this short name ({@code max-in-flight}), as a flag gives it. */
    static Optional<ConsumerConfigKey> ofShortName(String shortName) {
        return Optional.ofNullable(BY_NAME.get(shortName));
    }

    /** The key of this environment variable ({@code KAPPA_CONSUMER_MAX_IN_FLIGHT}). */
    static Optional<ConsumerConfigKey> ofEnvironmentVariable(String variable) {
        return Optional.ofNullable(BY_ENVIRONMENT_VARIABLE.get(variable));
    }

    @Override
    public String toString() {
        return key();
    }
}
