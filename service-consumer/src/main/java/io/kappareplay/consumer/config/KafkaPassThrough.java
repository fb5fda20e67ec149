package io.kappareplay.consumer.config;

import io.kappareplay.schemas.spec.ClosestMatch;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The rules for Kafka client properties passed through the consumer's configuration: how their
 * names are spelt in each source, which ones the runtime refuses because it sets them itself, and
 * which ones hold secrets.
 *
 * <p>Spellings of {@code security.protocol}: the property {@code kafka.security.protocol}, the flag
 * {@code --kafka.security.protocol}, and the environment variable {@code
 * KAPPA_KAFKA_SECURITY_PROTOCOL}. Environment variable names cannot hold dots, so after {@code
 * KAPPA_KAFKA_} the name is lower-cased and {@code _} becomes {@code .}, {@code __} becomes {@code
 * _} and {@code ___} becomes {@code -}: the convention of Confluent's Kafka images, which operators
 * already know.
 */
final class KafkaPassThrough {

    /** The prefix of a pass-through property's key and flag. */
    static final String PREFIX = "kafka.";

    /** The prefix of a pass-through property's environment variable. */
    static final String ENVIRONMENT_PREFIX = "KAPPA_KAFKA_";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]+([._-][A-Za-z0-9]+)*");

    // Parts of names whose values are credentials (sasl.jaas.config, ssl.key.password,
    // basic.auth.user.info, sasl.oauthbearer...client.secret); ".key" ends ssl.keystore.key,
    // a PEM private key.
    private static final List<String> SECRET_PARTS =
            List.of(
                    "password",
                    "passphrase",
                    "secret",
                    "jaas",
                    "token",
                    "user.info",
                    "credentials");

    private static final Set<String> CLIENT_PROPERTIES = clientProperties();

    private KafkaPassThrough() {}

    private static Set<String> clientProperties() {
        Set<String> names =
                new HashSet<>(org.apache.kafka.clients.consumer.ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }

    /** Whether {@code name} can be a property name: dotted words, no empty parts. */
    static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * The property an environment variable names ({@code KAPPA_KAFKA_SASL_JAAS_CONFIG} gives {@code
     * sasl.jaas.config}), or empty when its runs of underscores map to nothing.
     */
    static Optional<String> propertyOfEnvironmentVariable(String variable) {
        String rest = variable.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT);
        StringBuilder property = new StringBuilder();
        int i = 0;
        while (i < rest.length()) {
            if (rest.charAt(i) != '_') {
                property.append(rest.charAt(i++));
                continue;
            }
            int run = 0;
            while (i < rest.length() && rest.charAt(i) == '_') {
                run++;
                i++;
            }
            switch (run) {
                case 1 -> property.append('.');
                case 2 -> property.append('_');
                case 3 -> property.append('-');
                default -> {
                    return Optional.empty();
                }
            }
        }
        return isValidName(property.toString())
                ? Optional.of(property.toString())
                : Optional.empty();
    }

    /** The environment variable of a property: {@code KAPPA_KAFKA_SECURITY_PROTOCOL}. */
    static String environmentVariable(String property) {
        // Underscores first, so that those the others become are not doubled again.
        return ENVIRONMENT_PREFIX
                + property.toUpperCase(Locale.ROOT)
                        .replace("_", "__")
                        .replace("-", "___")
                        .replace(".", "_");
    }

    /**
     * Why the runtime does not take {@code property} from its configuration, if it does not: every
     * {@link RuntimeOwnedKafkaProperty}, the list the runtime's client setup sets from.
     */
    static Optional<String> setByRuntime(String property) {
        return RuntimeOwnedKafkaProperty.named(property).map(RuntimeOwnedKafkaProperty::reason);
    }

    /**
     * The client property {@code property} is a typo of: one a Kafka client does not know, within a
     * typo's distance of one it does. Names further away pass, because plugins (login callbacks,
     * interceptors) read properties of their own.
     */
    static Optional<String> typoOf(String property) {
        if (CLIENT_PROPERTIES.contains(property)) {
            return Optional.empty();
        }
        return ClosestMatch.typoOf(property, CLIENT_PROPERTIES);
    }

    /** Whether the value of {@code property} may be a credential, never to be shown. */
    static boolean isSecret(String property) {
        String name = property.toLowerCase(Locale.ROOT);
        return name.endsWith(".key") || SECRET_PARTS.stream().anyMatch(name::contains);
    }
}
