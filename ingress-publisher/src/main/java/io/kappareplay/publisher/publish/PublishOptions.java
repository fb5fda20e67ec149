package io.kappareplay.publisher.publish;

import static io.kappareplay.publisher.publish.PublishOptionKey.ADMIN_TIMEOUT;
import static io.kappareplay.publisher.publish.PublishOptionKey.COMPRESSION;
import static io.kappareplay.publisher.publish.PublishOptionKey.LAG_CHECK_INTERVAL;
import static io.kappareplay.publisher.publish.PublishOptionKey.MAX_CONSUMER_LAG;
import static io.kappareplay.publisher.publish.PublishOptionKey.MAX_LAG_WAIT;
import static io.kappareplay.publisher.publish.PublishOptionKey.MAX_RECORDS_PER_SECOND;
import static io.kappareplay.publisher.publish.PublishOptionKey.READ_BACK_TIMEOUT;
import static io.kappareplay.publisher.publish.PublishOptionKey.REPLACE;
import static io.kappareplay.publisher.publish.PublishOptionKey.TRANSACTION_TIMEOUT;
import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of the Kafka side of the publisher: typed, immutable, and valid once built. Each is
 * a {@link PublishOptionKey} with a default. Serializable, because Spark ships it to the executors
 * inside {@link PartitionPublisher}.
 *
 * <pre>{@code
 * PublishOptions options = PublishOptions.fromProperties(Map.of(
 *         "kappa.publisher.max-records-per-second", "5000",
 *         "kappa.publisher.replace", "true"));
 * options.maxRecordsPerSecond(); // 5000
 * }</pre>
 *
 * @param maxRecordsPerSecond {@link PublishOptionKey#MAX_RECORDS_PER_SECOND}, 0 for no limit
 * @param compression {@link PublishOptionKey#COMPRESSION}
 * @param transactionTimeout {@link PublishOptionKey#TRANSACTION_TIMEOUT}
 * @param replace {@link PublishOptionKey#REPLACE}
 * @param adminTimeout {@link PublishOptionKey#ADMIN_TIMEOUT}
 * @param readBackTimeout {@link PublishOptionKey#READ_BACK_TIMEOUT}
 * @param maxConsumerLag {@link PublishOptionKey#MAX_CONSUMER_LAG}, 0 for no closed loop
 * @param lagCheckInterval {@link PublishOptionKey#LAG_CHECK_INTERVAL}
 * @param maxLagWait {@link PublishOptionKey#MAX_LAG_WAIT}
 */
public record PublishOptions(
        int maxRecordsPerSecond,
        Compression compression,
        Duration transactionTimeout,
        boolean replace,
        Duration adminTimeout,
        Duration readBackTimeout,
        long maxConsumerLag,
        Duration lagCheckInterval,
        Duration maxLagWait)
        implements Serializable {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    /**
     * @throws PublishConfigException naming every value out of its key's range
     */
    public PublishOptions {
        requireNonNull(compression, "compression");
        requireNonNull(transactionTimeout, "transactionTimeout");
        requireNonNull(adminTimeout, "adminTimeout");
        requireNonNull(readBackTimeout, "readBackTimeout");
        requireNonNull(lagCheckInterval, "lagCheckInterval");
        requireNonNull(maxLagWait, "maxLagWait");
        List<String> problems = new ArrayList<>();
        if (maxRecordsPerSecond < 0) {
            problems.add(MAX_RECORDS_PER_SECOND.problem(maxRecordsPerSecond));
        }
        checkWithin(problems, TRANSACTION_TIMEOUT, transactionTimeout, Duration.ofHours(1));
        checkWithin(problems, ADMIN_TIMEOUT, adminTimeout, Duration.ofHours(1));
        checkWithin(problems, READ_BACK_TIMEOUT, readBackTimeout, Duration.ofHours(24));
        if (maxConsumerLag < 0) {
            problems.add(MAX_CONSUMER_LAG.problem(maxConsumerLag));
        }
        checkWithin(
                problems,
                LAG_CHECK_INTERVAL,
                lagCheckInterval,
                Duration.ofMillis(100),
                Duration.ofMinutes(10));
        checkWithin(problems, MAX_LAG_WAIT, maxLagWait, Duration.ofHours(1));
        if (maxConsumerLag > 0 && maxLagWait.compareTo(transactionTimeout) >= 0) {
            problems.add(
                    MAX_LAG_WAIT.key()
                            + "="
                            + format(maxLagWait)
                            + " is not valid with "
                            + TRANSACTION_TIMEOUT.key()
                            + "="
                            + format(transactionTimeout)
                            + ": a task may wait with its transaction open, and the broker aborts"
                            + " it after the transaction timeout; use a "
                            + MAX_LAG_WAIT.key()
                            + " below "
                            + format(transactionTimeout)
                            + ", or raise "
                            + TRANSACTION_TIMEOUT.key());
        }
        if (!problems.isEmpty()) {
            throw new PublishConfigException(problems);
        }
    }

    /** Every key at its default. */
    public static PublishOptions defaults() {
        return fromProperties(Map.of());
    }

    /**
     * Reads the {@code kappa.publisher.*} entries of {@code properties}; other entries are left to
     * whoever owns them, keys not given keep their defaults.
     *
     * @throws PublishConfigException naming every problem at once: an unknown {@code
     *     kappa.publisher.*} key with the valid keys, a value with what its key accepts
     */
    public static PublishOptions fromProperties(Map<String, String> properties) {
        requireNonNull(properties, "properties");
        List<String> problems = new ArrayList<>();
        properties.keySet().stream()
                .filter(key -> key.startsWith(PublishOptionKey.PREFIX))
                .filter(key -> PublishOptionKey.named(key).isEmpty())
                .sorted()
                .forEach(
                        key ->
                                problems.add(
                                        key
                                                + " is not a publisher setting; use one of "
                                                + Arrays.stream(PublishOptionKey.values())
                                                        .map(PublishOptionKey::key)
                                                        .toList()));
        Reader reader = new Reader(properties, problems);
        int maxRecordsPerSecond = reader.read(MAX_RECORDS_PER_SECOND, PublishOptions::wholeNumber);
        Compression compression = reader.read(COMPRESSION, PublishOptions::compression);
        Duration transactionTimeout = reader.read(TRANSACTION_TIMEOUT, PublishOptions::duration);
        boolean replace = reader.read(REPLACE, PublishOptions::bool);
        Duration adminTimeout = reader.read(ADMIN_TIMEOUT, PublishOptions::duration);
        Duration readBackTimeout = reader.read(READ_BACK_TIMEOUT, PublishOptions::duration);
        long maxConsumerLag = reader.read(MAX_CONSUMER_LAG, PublishOptions::count);
        Duration lagCheckInterval = reader.read(LAG_CHECK_INTERVAL, PublishOptions::duration);
        Duration maxLagWait = reader.read(MAX_LAG_WAIT, PublishOptions::duration);
        try {
            PublishOptions options =
                    new PublishOptions(
                            maxRecordsPerSecond,
                            compression,
                            transactionTimeout,
                            replace,
                            adminTimeout,
                            readBackTimeout,
                            maxConsumerLag,
                            lagCheckInterval,
                            maxLagWait);
            if (problems.isEmpty()) {
                return options;
            }
        } catch (PublishConfigException e) {
            problems.addAll(e.problems());
        }
        throw new PublishConfigException(problems);
    }

    /** The setting as text, the way {@link #fromProperties} reads it back. */
    public String valueOf(PublishOptionKey key) {
        return switch (key) {
            case MAX_RECORDS_PER_SECOND -> Integer.toString(maxRecordsPerSecond);
            case COMPRESSION -> compression.value();
            case TRANSACTION_TIMEOUT -> format(transactionTimeout);
            case REPLACE -> Boolean.toString(replace);
            case ADMIN_TIMEOUT -> format(adminTimeout);
            case READ_BACK_TIMEOUT -> format(readBackTimeout);
            case MAX_CONSUMER_LAG -> Long.toString(maxConsumerLag);
            case LAG_CHECK_INTERVAL -> format(lagCheckInterval);
            case MAX_LAG_WAIT -> format(maxLagWait);
        };
    }

    private static void checkWithin(
            List<String> problems, PublishOptionKey key, Duration value, Duration max) {
        checkWithin(problems, key, value, Duration.ofSeconds(1), max);
    }

    private static void checkWithin(
            List<String> problems,
            PublishOptionKey key,
            Duration value,
            Duration min,
            Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problems.add(key.problem(format(value)));
        }
    }

    /** A duration in the largest unit that holds it whole, e.g. {@code 90s}, {@code 2h}. */
    private static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    private static Integer wholeNumber(String text) {
        return Integer.valueOf(text);
    }

    private static Long count(String text) {
        return Long.valueOf(text);
    }

    private static Boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(text);
        };
    }

    private static Compression compression(String text) {
        return Compression.valueOf(text.toUpperCase(Locale.ROOT));
    }

    private static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(text);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /**
     * Reads one key's value or its default; a value that does not parse is a problem and yields the
     * default, so that every problem is reported at once.
     */
    private record Reader(Map<String, String> properties, List<String> problems) {
        <T> T read(PublishOptionKey key, Function<String, T> parse) {
            String text = properties.getOrDefault(key.key(), key.defaultValue()).trim();
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                problems.add(key.problem(text));
                return parse.apply(key.defaultValue());
            }
        }
    }
}
