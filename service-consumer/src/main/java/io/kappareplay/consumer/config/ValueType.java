package io.kappareplay.consumer.config;

import io.kappareplay.schemas.spec.ClosestMatch;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the text of a key means and which values are valid. Text is read exactly as given, whatever
 * source it came from: {@code "1000 "} is not a number, {@code 64MB} is not {@code 64MiB}, and
 * {@code Key} is not {@code key}; each of those is refused with the valid form, never guessed.
 */
sealed interface ValueType {

    /**
     * The typed value of {@code text}, inside the valid range.
     *
     * @throws InvalidValueException when it is not, with a hint if a likely intent is known
     */
    Object parse(String text) throws InvalidValueException;

    /** What would be valid, as the end of a sentence starting "use": {@code 1 to 1000 records}. */
    String validValues();

    /** The value as it is written in configuration: {@code 256MiB}, not {@code 268435456}. */
    default String format(Object value) {
        return String.valueOf(value);
    }

    /** A whole number in decimal digits, read as an {@code Integer}. */
    record WholeNumber(int min, int max, String validValues) implements ValueType {

        private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,10}");

        @Override
        public Integer parse(String text) throws InvalidValueException {
            if (DIGITS.matcher(text).matches()) {
                long value = Long.parseLong(text);
                if (value >= min && value <= max) {
                    return (int) value;
                }
            }
            throw new InvalidValueException("");
        }
    }

    /** A decimal number such as {@code 0.8}, read as a {@code Double}. */
    record Fraction(
            double min, boolean includesMin, double max, boolean includesMax, String validValues)
            implements ValueType {

        // No exponents, hex, NaN or Infinity, which Double.parseDouble would take.
        private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,9})?");

        @Override
        public Double parse(String text) throws InvalidValueException {
            if (DECIMAL.matcher(text).matches()) {
                double value = Double.parseDouble(text);
                boolean aboveMin = includesMin ? value >= min : value > min;
                boolean belowMax = includesMax ? value <= max : value < max;
                if (aboveMin && belowMax) {
                    return value;
                }
            }
            throw new InvalidValueException("");
        }
    }

    /**
     * A number of bytes: digits alone, or followed by a binary unit ({@code 512KiB}, {@code 64MiB},
     * {@code 1GiB}, {@code 1TiB}), read as a {@code Long}. Decimal units ({@code MB}) are refused
     * rather than read as either meaning, with the binary unit as a suggestion.
     *
     * @param min the least valid size; a limit below it is more likely a forgotten unit
     */
    record ByteSize(long min) implements ValueType {

        private static final Pattern SIZE = Pattern.compile("([0-9]{1,19})(KiB|MiB|GiB|TiB)?");
        private static final Pattern NEAR_SIZE =
                Pattern.compile("([0-9]{1,19})\\s*([kmgt])(i?b)?", Pattern.CASE_INSENSITIVE);
        private static final List<String> UNITS = List.of("", "KiB", "MiB", "GiB", "TiB");

        @Override
        public Long parse(String text) throws InvalidValueException {
            Matcher matcher = SIZE.matcher(text);
            if (matcher.matches()) {
                String unit = matcher.group(2) == null ? "" : matcher.group(2);
                long bytes;
                try {
                    bytes =
                            Math.multiplyExact(
                                    Long.parseLong(matcher.group(1)),
                                    1L << (10 * UNITS.indexOf(unit)));
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new InvalidValueException(""); // Beyond a long.
                }
                if (bytes >= min) {
                    return bytes;
                }
                // 256 for 256 MiB is the likely slip: the unit was forgotten.
                throw new InvalidValueException(
                        unit.isEmpty()
                                ? "; a number alone is bytes: did you mean '" + text + "MiB'?"
                                : "");
            }
            Matcher near = NEAR_SIZE.matcher(text);
            if (near.matches()) {
                String unit = near.group(2).toUpperCase(Locale.ROOT) + "iB";
                throw new InvalidValueException(
                        "; did you mean '"
                                + near.group(1)
                                + unit
                                + "'? sizes are binary (1"
                                + unit
                                + " = 2^"
                                + 10 * UNITS.indexOf(unit)
                                + " bytes)");
            }
            throw new InvalidValueException("");
        }

        @Override
        public String validValues() {
            return "a size in bytes, or with unit KiB, MiB, GiB or TiB (e.g. 64MiB, 1GiB), of at"
                    + " least "
                    + format(min);
        }

        @Override
        public String format(Object value) {
            long bytes = (Long) value;
            for (int exponent = UNITS.size() - 1; exponent > 0; exponent--) {
                long unit = 1L << (10 * exponent);
                if (bytes != 0 && bytes % unit == 0) {
                    return bytes / unit + UNITS.get(exponent);
                }
            }
            return Long.toString(bytes);
        }
    }

    /**
     * A duration: whole digits and one unit, {@code ms}, {@code s}, {@code m} or {@code h} ({@code
     * 250ms}, {@code 2s}, {@code 1m}), read as a {@link Duration}.
     */
    record TimeSpan(Duration min, Duration max) implements ValueType {

        private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})(ms|s|m|h)");
        private static final Pattern NEAR_DURATION =
                Pattern.compile("([0-9]{1,12})\\s*([a-zA-Z]*)");
        private static final Map<String, ChronoUnit> UNITS =
                Map.of(
                        "ms", ChronoUnit.MILLIS,
                        "s", ChronoUnit.SECONDS,
                        "m", ChronoUnit.MINUTES,
                        "h", ChronoUnit.HOURS);
        // Spellings of the units seen in other tools, mapped to ours for a suggestion.
        private static final Map<String, String> OTHER_SPELLINGS =
                Map.ofEntries(
                        Map.entry("msec", "ms"),
                        Map.entry("millis", "ms"),
                        Map.entry("milliseconds", "ms"),
                        Map.entry("sec", "s"),
                        Map.entry("secs", "s"),
                        Map.entry("seconds", "s"),
                        Map.entry("min", "m"),
                        Map.entry("mins", "m"),
                        Map.entry("minutes", "m"),
                        Map.entry("hr", "h"),
                        Map.entry("hours", "h"));

        @Override
        public Duration parse(String text) throws InvalidValueException {
            Matcher matcher = DURATION.matcher(text);
            if (matcher.matches()) {
                Duration value =
                        Duration.of(Long.parseLong(matcher.group(1)), UNITS.get(matcher.group(2)));
                if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0) {
                    return value;
                }
                throw new InvalidValueException("");
            }
            throw new InvalidValueException(hint(text));
        }

        private static String hint(String text) {
            Matcher near = NEAR_DURATION.matcher(text);
            if (near.matches()) {
                String number = near.group(1);
                String unit = near.group(2).toLowerCase(Locale.ROOT);
                if (unit.isEmpty()) {
                    return "; give it a unit: '"
                            + number
                            + "ms', '"
                            + number
                            + "s', '"
                            + number
                            + "m' or '"
                            + number
                            + "h'";
                }
                String ours = UNITS.containsKey(unit) ? unit : OTHER_SPELLINGS.get(unit);
                return ours == null ? "" : "; did you mean '" + number + ours + "'?";
            }
            try {
                // ISO-8601, as Duration.toString() prints it: PT2S.
                return "; did you mean '" + formatDuration(Duration.parse(text)) + "'?";
            } catch (DateTimeParseException e) {
                return "";
            }
        }

        @Override
        public String validValues() {
            return "a duration from "
                    + formatDuration(min)
                    + " to "
                    + formatDuration(max)
                    + " with unit ms, s, m or h (e.g. 250ms, 2s, 1m)";
        }

        @Override
        public String format(Object value) {
            return formatDuration((Duration) value);
        }

        static String formatDuration(Duration duration) {
            if (duration.isZero()) {
                return "0s";
            }
            for (String unit : List.of("h", "m", "s")) {
                Duration one = UNITS.get(unit).getDuration();
                if (duration.toNanos() % one.toNanos() == 0) {
                    return duration.dividedBy(one) + unit;
                }
            }
            return duration.toMillis() + "ms";
        }
    }

    /**
     * One constant of an enum, written in lower case with {@code -} for {@code _} ({@code
     * UNORDERED} is {@code unordered}), matched exactly.
     */
    record Choice(Class<? extends Enum<?>> type) implements ValueType {

        @Override
        public Enum<?> parse(String text) throws InvalidValueException {
            for (Enum<?> constant : type.getEnumConstants()) {
                if (format(constant).equals(text)) {
                    return constant;
                }
            }
            throw new InvalidValueException(
                    ClosestMatch.among(text, names())
                            .map(name -> "; did you mean '" + name + "'?")
                            .orElse(""));
        }

        @Override
        public String validValues() {
            return "one of " + String.join(", ", names());
        }

        @Override
        public String format(Object value) {
            return ((Enum<?>) value).name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        private List<String> names() {
            return Arrays.stream(type.getEnumConstants()).map(this::format).toList();
        }
    }

    /** Kafka's rule for {@code group.instance.id}, or empty for none, read as a String. */
    record InstanceId() implements ValueType {

        // Kafka refuses other ids when the consumer joins
        // (JoinGroupRequest.validateGroupInstanceId).
        private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{0,249}");

        @Override
        public String parse(String text) throws InvalidValueException {
            if (LEGAL.matcher(text).matches() && !text.equals(".") && !text.equals("..")) {
                return text;
            }
            throw new InvalidValueException("");
        }

        @Override
        public String validValues() {
            return "up to 249 of a-z A-Z 0-9 . _ - (Kafka's rule for group.instance.id), e.g. the"
                    + " pod name of a StatefulSet, or empty for dynamic membership";
        }
    }

    /** A file path, read as a {@link Path}; whether the file exists is checked where it is read. */
    record FilePath() implements ValueType {

        @Override
        public Path parse(String text) throws InvalidValueException {
            return path(text);
        }

        @Override
        public String validValues() {
            return "a file path, e.g. /etc/kappa/job.yaml";
        }
    }

    /** File paths separated by commas, spaces around them ignored; empty for none. */
    record FilePathList() implements ValueType {

        @Override
        public List<Path> parse(String text) throws InvalidValueException {
            if (text.isEmpty()) {
                return List.of();
            }
            List<Path> paths = new ArrayList<>();
            for (String entry : text.split(",", -1)) {
                paths.add(path(entry.strip()));
            }
            return List.copyOf(paths);
        }

        @Override
        public String validValues() {
            return "file paths separated by commas, e.g. /opt/handler/orders.jar,/opt/handler/lib.jar,"
                    + " or empty for none";
        }

        @Override
        public String format(Object value) {
            return ((List<?>) value).stream().map(String::valueOf).collect(Collectors.joining(","));
        }
    }

    /**
     * {@code partition=offset} pairs separated by commas ({@code 0=1200,1=1187}), spaces around
     * them ignored, read as an unmodifiable map sorted by partition; empty for none.
     */
    record PartitionOffsetList() implements ValueType {

        private static final Pattern PAIR = Pattern.compile("([0-9]{1,9})=([0-9]{1,18})");

        @Override
        public Map<Integer, Long> parse(String text) throws InvalidValueException {
            if (text.isEmpty()) {
                return Map.of();
            }
            TreeMap<Integer, Long> offsets = new TreeMap<>();
            for (String entry : text.split(",", -1)) {
                Matcher pair = PAIR.matcher(entry.strip());
                if (!pair.matches()) {
                    throw new InvalidValueException(
                            "; '" + entry.strip() + "' is not partition=offset");
                }
                int partition = Integer.parseInt(pair.group(1));
                if (offsets.put(partition, Long.parseLong(pair.group(2))) != null) {
                    throw new InvalidValueException(
                            "; partition " + partition + " is listed twice");
                }
            }
            return Collections.unmodifiableSortedMap(offsets);
        }

        @Override
        public String validValues() {
            return "partition=offset pairs separated by commas, one for every ingress partition"
                    + " (e.g. 0=1200,1=1187), or empty for none";
        }

        @Override
        public String format(Object value) {
            return ((Map<?, ?>) value)
                    .entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(","));
        }
    }

    private static Path path(String text) throws InvalidValueException {
        if (text.isBlank()) {
            throw new InvalidValueException("");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new InvalidValueException("; " + e.getReason());
        }
    }
}
