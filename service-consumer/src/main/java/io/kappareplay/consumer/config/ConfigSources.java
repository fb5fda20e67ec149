package io.kappareplay.consumer.config;

import io.kappareplay.schemas.spec.ClosestMatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The text of a configuration as its sources give it: a properties map, then the environment, then
 * the command line, a later value of a key replacing an earlier one. Reports every name that is not
 * a key (with the key it most likely meant) and every malformed command line, so that a typo never
 * leaves a key at its default unnoticed. Values are checked later, and only the winning one: a flag
 * can repair a bad environment variable.
 */
final class ConfigSources {

    /** A key's value as given, and where: {@code --max-in-flight}, {@code properties}. */
    record Setting(String value, String origin) {}

    static final String PROPERTIES = "properties";

    private final Map<ConsumerConfigKey, Setting> settings = new EnumMap<>(ConsumerConfigKey.class);
    private final Map<String, Setting> kafkaProperties = new LinkedHashMap<>();
    private final List<ConfigProblem> problems = new ArrayList<>();

    private ConfigSources() {}

    static ConfigSources read(
            Map<String, String> properties,
            Map<String, String> environment,
            List<String> arguments) {
        ConfigSources sources = new ConfigSources();
        // Sorted, so that problems come in the same order on every run.
        new TreeMap<>(properties).forEach(sources::readProperty);
        new TreeMap<>(environment).forEach(sources::readEnvironmentVariable);
        sources.readArguments(arguments);
        return sources;
    }

    Optional<Setting> setting(ConsumerConfigKey key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** The pass-through Kafka properties, by name without {@code kafka.}, in the order given. */
    Map<String, Setting> kafkaProperties() {
        return kafkaProperties;
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    private void readProperty(String name, String value) {
        if (name.startsWith(KafkaPassThrough.PREFIX)) {
            readKafkaProperty(
                    name.substring(KafkaPassThrough.PREFIX.length()), value, PROPERTIES, name);
            return;
        }
        Optional<ConsumerConfigKey> key =
                name.startsWith(ConsumerConfigKey.PREFIX)
                        ? ConsumerConfigKey.ofShortName(
                                name.substring(ConsumerConfigKey.PREFIX.length()))
                        : Optional.empty();
        if (key.isPresent()) {
            settings.put(key.get(), new Setting(value, PROPERTIES));
            return;
        }
        List<String> keys = Arrays.stream(ConsumerConfigKey.values()).map(k -> k.key()).toList();
        problems.add(
                problem(
                        name,
                        "is not a key",
                        ClosestMatch.among(name, keys)
                                .map(match -> "did you mean " + match + "?")
                                .orElse(
                                        "use kappa.consumer.<key> (see --help) or"
                                                + " kafka.<client property>")));
    }

    private void readEnvironmentVariable(String name, String value) {
        if (name.startsWith(KafkaPassThrough.ENVIRONMENT_PREFIX)) {
            Optional<String> property = KafkaPassThrough.propertyOfEnvironmentVariable(name);
            if (property.isPresent()) {
                readKafkaProperty(property.get(), value, name, name);
            } else {
                problems.add(
                        problem(
                                name,
                                "names no Kafka client property",
                                "after KAPPA_KAFKA_, spell the property in upper case with _ for"
                                        + " '.', __ for '_' and ___ for '-', e.g."
                                        + " KAPPA_KAFKA_SECURITY_PROTOCOL for"
                                        + " security.protocol"));
            }
            return;
        }
        if (!name.startsWith(ConsumerConfigKey.ENVIRONMENT_PREFIX)) {
            return; // Not ours: the pod's other variables, another component's KAPPA_*.
        }
        Optional<ConsumerConfigKey> key = ConsumerConfigKey.ofEnvironmentVariable(name);
        if (key.isPresent()) {
            settings.put(key.get(), new Setting(value, name));
            return;
        }
        List<String> variables =
                Arrays.stream(ConsumerConfigKey.values())
                        .map(ConsumerConfigKey::environmentVariable)
                        .toList();
        problems.add(
                problem(
                        name,
                        "is not a consumer setting",
                        ClosestMatch.among(name, variables)
                                .map(match -> "did you mean " + match + "?")
                                .orElse(
                                        "the variables are KAPPA_CONSUMER_ and a key in upper"
                                                + " case, e.g. KAPPA_CONSUMER_MAX_IN_FLIGHT (see"
                                                + " --help)")));
    }

    private void readArguments(List<String> arguments) {
        Set<String> given = new HashSet<>();
        boolean afterSecret = false;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (!argument.startsWith("--") || argument.length() == 2) {
                // Shown, unless it may be the rest of a secret split by the shell.
                problems.add(
                        new ConfigProblem(
                                "argument " + (i + 1),
                                Optional.empty(),
                                afterSecret ? Optional.empty() : Optional.of(argument),
                                "is not a flag",
                                "flags start with -- and take a value: --max-in-flight 1000 or"
                                        + " --max-in-flight=1000"));
                continue;
            }
            int equals = argument.indexOf('=');
            String flag = equals < 0 ? argument : argument.substring(0, equals);
            String name = flag.substring(2);
            boolean isKafka = name.startsWith(KafkaPassThrough.PREFIX);
            afterSecret = isKafka && KafkaPassThrough.isSecret(name);
            String value;
            if (equals >= 0) {
                value = argument.substring(equals + 1);
            } else if (i + 1 < arguments.size() && !arguments.get(i + 1).startsWith("--")) {
                value = arguments.get(++i);
            } else {
                problems.add(
                        problem(
                                flag,
                                "needs a value",
                                "pass "
                                        + flag
                                        + " <value> or "
                                        + flag
                                        + "=<value>; a value starting with -- only in the"
                                        + " second form"));
                continue;
            }
            if (!given.add(name)) {
                problems.add(problem(flag, "is given twice", "give it once"));
            } else if (isKafka) {
                readKafkaProperty(
                        name.substring(KafkaPassThrough.PREFIX.length()), value, flag, flag);
            } else {
                readFlag(flag, name, value);
            }
        }
    }

    private void readFlag(String flag, String name, String value) {
        Optional<ConsumerConfigKey> key = ConsumerConfigKey.ofShortName(name);
        if (key.isPresent()) {
            settings.put(key.get(), new Setting(value, flag));
            return;
        }
        String expected;
        if (name.startsWith(ConsumerConfigKey.PREFIX)
                && ConsumerConfigKey.ofShortName(name.substring(ConsumerConfigKey.PREFIX.length()))
                        .isPresent()) {
            expected =
                    "flags leave out the kappa.consumer. prefix: use --"
                            + name.substring(ConsumerConfigKey.PREFIX.length());
        } else {
            List<String> names =
                    Arrays.stream(ConsumerConfigKey.values())
                            .map(ConsumerConfigKey::shortName)
                            .toList();
            expected =
                    ClosestMatch.among(name, names)
                            .map(match -> "did you mean --" + match + "?")
                            .orElse(
                                    "the flags are "
                                            + Arrays.stream(ConsumerConfigKey.values())
                                                    .map(ConsumerConfigKey::flag)
                                                    .collect(Collectors.joining(", "))
                                            + " and --kafka.<client property>");
        }
        problems.add(problem(flag, "is not a flag", expected));
    }

    /**
     * @param given the name as the source spells it, for a name that is not a property name
     */
    private void readKafkaProperty(String property, String value, String origin, String given) {
        if (!KafkaPassThrough.isValidName(property)) {
            problems.add(
                    problem(
                            given,
                            "names no Kafka client property",
                            "give the property's name after kafka., e.g."
                                    + " kafka.security.protocol"));
            return;
        }
        String key = KafkaPassThrough.PREFIX + property;
        Optional<String> setByRuntime = KafkaPassThrough.setByRuntime(property);
        if (setByRuntime.isPresent()) {
            problems.add(
                    new ConfigProblem(
                            key,
                            Optional.of(origin),
                            Optional.empty(),
                            "is set by the runtime",
                            "remove it: " + setByRuntime.get()));
            return;
        }
        Optional<String> typo = KafkaPassThrough.typoOf(property);
        if (typo.isPresent()) {
            String meant;
            if (origin.startsWith(KafkaPassThrough.ENVIRONMENT_PREFIX)) {
                meant = KafkaPassThrough.environmentVariable(typo.get());
            } else {
                meant =
                        (origin.startsWith("--") ? "--" : "")
                                + KafkaPassThrough.PREFIX
                                + typo.get();
            }
            problems.add(
                    new ConfigProblem(
                            key,
                            Optional.of(origin),
                            Optional.empty(),
                            "is not a Kafka client property",
                            "did you mean "
                                    + meant
                                    + "? A name this close to a client property is taken for a"
                                    + " typo; set a plugin's own property in the job spec's"
                                    + " kafka.properties"));
            return;
        }
        kafkaProperties.put(property, new Setting(value, origin));
    }

    private static ConfigProblem problem(String name, String problem, String expected) {
        return new ConfigProblem(name, Optional.empty(), Optional.empty(), problem, expected);
    }
}
