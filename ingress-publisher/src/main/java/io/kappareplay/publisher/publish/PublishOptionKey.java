package io.kappareplay.publisher.publish;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every setting of the Kafka side of the publisher, each with its doc string, its default and its
 * valid values. Keys are dotted lower case under {@code kappa.publisher.}; the job's command line
 * spells them {@code --<key without the prefix>}.
 *
 * <pre>{@code
 * PublishOptionKey.MAX_RECORDS_PER_SECOND.key();  // kappa.publisher.max-records-per-second
 * PublishOptionKey.MAX_RECORDS_PER_SECOND.flag(); // --max-records-per-second
 * }</pre>
 *
 * <p>{@link PublishOptions#fromProperties} reads them.
 */
public enum PublishOptionKey {
    MAX_RECORDS_PER_SECOND(
            "max-records-per-second",
            "0",
            "0 (no limit) or more records per second",
            "Records each Spark task publishes per second at most, to spare a shared broker: the"
                    + " job's rate is this times the tasks running at once (executor cores)."
                    + " 0 = no limit."),
    COMPRESSION(
            "compression",
            "lz4",
            "lz4, zstd or none",
            "Compression of the producer's batches. lz4 by default: on 171-byte Avro rows"
                    + " (300,000 records, one task, the local broker) it published 375k-392k"
                    + " records/s, zstd 257k-266k and none 206k-346k, and its log was 3 times"
                    + " smaller than none's (99 against 297 bytes a record, headers included);"
                    + " zstd's is a third smaller again (66 bytes) for a slower publish."),
    TRANSACTION_TIMEOUT(
            "transaction-timeout",
            "15m",
            "1s to 1h, e.g. 90s, 15m; at most the broker's transaction.max.timeout.ms",
            "How long one task's transaction may stay open. A task publishes its whole Spark"
                    + " partition in one transaction, so this bounds a partition's publish time;"
                    + " the broker aborts a transaction left open longer. The default is the"
                    + " broker's default transaction.max.timeout.ms."),
    REPLACE(
            "replace",
            "false",
            "true or false",
            "Whether an ingress topic that already holds committed records is deleted and"
                    + " created anew. false: such a topic is refused, so that a second run never"
                    + " appends a copy of the snapshot to the first."),
    ADMIN_TIMEOUT(
            "admin-timeout",
            "2m",
            "1s to 1h, e.g. 1500ms, 30s, 2m",
            "How long creating, deleting and describing the ingress topic may take, and how long"
                    + " an open transaction on it is waited for before a check gives up."),
    READ_BACK_TIMEOUT(
            "read-back-timeout",
            "30m",
            "1s to 24h, e.g. 30s, 30m, 2h",
            "How long reading the ingress topic back for the manifest and ledger may take."),
    MAX_CONSUMER_LAG(
            "max-consumer-lag",
            "0",
            "0 (off) or more offsets",
            "The closed loop: while the job's consumer group (kappa.<job>) is more than this many"
                    + " offsets behind the ingress topic, summed over its partitions, publishing"
                    + " tasks wait, so that a shared broker does not fill with a backlog that heavy"
                    + " consumers work off for hours. Offsets, not records: transaction markers take"
                    + " offsets too, and a consumer that commits its completed prefix stays below a"
                    + " partition's last marker, so set it well above the ingress partitions times"
                    + " the tasks that run at once. Only committed records count (a reader cannot"
                    + " consume a transaction still open), so it holds back later tasks while"
                    + " consumers work off what earlier tasks committed. 0 = off."),
    LAG_CHECK_INTERVAL(
            "lag-check-interval",
            "1s",
            "100ms to 10m, e.g. 500ms, 5s",
            "How often a task asks the broker for the consumer group's lag, while publishing and"
                    + " while it waits; read only when max-consumer-lag is on."),
    MAX_LAG_WAIT(
            "max-lag-wait",
            "10m",
            "1s to 1h, e.g. 90s, 10m; below transaction-timeout",
            "How long a task waits for the consumer group's lag to come below max-consumer-lag"
                    + " before it fails: consumers that do not run, or fall further behind, fail"
                    + " the job with a message rather than hold it forever. A task may wait with"
                    + " its transaction open, so this must be below transaction-timeout, and a"
                    + " partition's publish time and its waits together must stay below it.");

    /** The prefix of every key. */
    public static final String PREFIX = "kappa.publisher.";

    private final String suffix;
    private final String defaultValue;
    private final String validValues;
    private final String doc;

    PublishOptionKey(String suffix, String defaultValue, String validValues, String doc) {
        this.suffix = suffix;
        this.defaultValue = defaultValue;
        this.validValues = validValues;
        this.doc = doc;
    }

    /** The dotted key, e.g. {@code kappa.publisher.replace}. */
    public String key() {
        return PREFIX + suffix;
    }

    /** The command-line flag, e.g. {@code --replace}. */
    public String flag() {
        return "--" + suffix;
    }

    /** The value when none is given, as text. */
    public String defaultValue() {
        return defaultValue;
    }

    /** What the key accepts, in words, for error messages and usage. */
    public String validValues() {
        return validValues;
    }

    public String doc() {
        return doc;
    }

    /** The key named {@code key}, e.g. {@code kappa.publisher.replace}. */
    public static Optional<PublishOptionKey> named(String key) {
        return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst();
    }

    /** A problem with {@code value} for this key: the key, the value and what is valid. */
    String problem(Object value) {
        return key() + "=" + value + " is not valid; use " + validValues;
    }
}
