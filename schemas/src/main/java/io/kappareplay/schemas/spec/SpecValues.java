package io.kappareplay.schemas.spec;

import java.math.BigInteger;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The values of a spec's YAML tree, checked against {@link JobSpecKey}: unknown keys and values of
 * the wrong type are reported here, so what remains has the type its key declares.
 */
final class SpecValues {

    // YAML also reads 0x1F, 0o17, 017 (octal) and 1_000 as numbers; a spec refuses them so
    // that 0100 never quietly means 64.
    private static final Pattern PLAIN_INTEGER = Pattern.compile("[-+]?(0|[1-9][0-9]*)");

    private final Map<JobSpecKey, Object> values = new EnumMap<>(JobSpecKey.class);
    private final Set<JobSpecKey> overridden = EnumSet.noneOf(JobSpecKey.class);

    private SpecValues() {}

    static SpecValues read(SpecNode.Mapping root, Violations violations) {
        SpecValues values = new SpecValues();
        values.readSection(null, root, violations);
        return values;
    }

    /** Whether the key (a value or a section) is in the spec with a usable value. */
    boolean present(JobSpecKey key) {
        return values.containsKey(key);
    }

    /** Whether the key's value came from an override rather than the YAML. */
    boolean overridden(JobSpecKey key) {
        return overridden.contains(key);
    }

    String text(JobSpecKey key) {
        return (String) values.get(key);
    }

    Long integer(JobSpecKey key) {
        return (Long) values.get(key);
    }

    Double decimal(JobSpecKey key) {
        return (Double) values.get(key);
    }

    Boolean bool(JobSpecKey key) {
        return (Boolean) values.get(key);
    }

    /** The entries of a {@code TEXT_MAP} key in spec order; empty when it is absent. */
    @SuppressWarnings("unchecked")
    Map<String, String> map(JobSpecKey key) {
        Object map = values.get(key);
        return map == null ? Map.of() : Collections.unmodifiableMap((Map<String, String>) map);
    }

    private void readSection(JobSpecKey section, SpecNode.Mapping mapping, Violations violations) {
        List<JobSpecKey> children = JobSpecKey.children(section);
        for (Map.Entry<String, SpecNode> entry : mapping.entries().entrySet()) {
            String field = section == null ? entry.getKey() : section.path() + "." + entry.getKey();
            JobSpecKey key =
                    children.stream()
                            .filter(child -> child.keyName().equals(entry.getKey()))
                            .findFirst()
                            .orElse(null);
            if (key == null) {
                List<String> names = JobSpecKey.childNames(section);
                Optional<String> meant = ClosestMatch.among(entry.getKey(), names);
                violations.add(
                        field,
                        null,
                        "unknown key",
                        "valid keys: "
                                + String.join(", ", names)
                                + meant.map(name -> "; did you mean '" + name + "'?").orElse(""));
                // The misspelt key is absent, so its "missing" would only repeat this hint.
                meant.filter(name -> !mapping.entries().containsKey(name))
                        .ifPresent(
                                name ->
                                        violations.cover(
                                                section == null
                                                        ? name
                                                        : section.path() + "." + name));
                continue;
            }
            readKey(key, entry.getValue(), violations);
        }
    }

    private void readKey(JobSpecKey key, SpecNode node, Violations violations) {
        switch (key.type()) {
            case SECTION:
                if (node instanceof SpecNode.Mapping mapping) {
                    values.put(key, Boolean.TRUE);
                    readSection(key, mapping, violations);
                } else {
                    wrongType(
                            key.path(),
                            withoutValueIfSecret(key, node),
                            "use a mapping with keys "
                                    + String.join(", ", JobSpecKey.childNames(key)),
                            violations);
                }
                break;
            case TEXT_MAP:
                if (node instanceof SpecNode.Mapping mapping) {
                    values.put(key, readMap(key, mapping, violations));
                } else {
                    wrongType(
                            key.path(),
                            withoutValueIfSecret(key, node),
                            "use a mapping of names to values (override one entry with "
                                    + key.path()
                                    + ".<name>=<value>)",
                            violations);
                }
                break;
            default:
                readScalar(key, node, violations);
        }
    }

    private Map<String, String> readMap(
            JobSpecKey key, SpecNode.Mapping mapping, Violations violations) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, SpecNode> entry : mapping.entries().entrySet()) {
            String field = key.path() + "." + entry.getKey();
            if (entry.getValue() instanceof SpecNode.Scalar scalar
                    && scalar.kind() != SpecNode.Kind.NULL) {
                // Booleans are spelled true/false whatever YAML spelling (yes, on) was used,
                // since clients only read those; other scalars pass on as written.
                map.put(
                        entry.getKey(),
                        scalar.kind() == SpecNode.Kind.BOOLEAN
                                ? String.valueOf(scalar.value())
                                : scalar.text());
                if (scalar.kind() == SpecNode.Kind.OVERRIDE) {
                    overridden.add(key);
                }
            } else {
                wrongType(field, entry.getValue(), "use a single value (text)", violations);
            }
        }
        return map;
    }

    private void readScalar(JobSpecKey key, SpecNode node, Violations violations) {
        String expected = "use " + key.type().description;
        if (!(node instanceof SpecNode.Scalar scalar)) {
            wrongType(key.path(), node, expected, violations);
            return;
        }
        if (scalar.kind() == SpecNode.Kind.NULL) {
            wrongType(key.path(), scalar, expected, violations);
            return;
        }
        if (scalar.kind() == SpecNode.Kind.OVERRIDE) {
            overridden.add(key);
            Object value = fromText(key, scalar.text(), violations);
            if (value != null) {
                values.put(key, value);
            }
            return;
        }
        switch (key.type()) {
            case TEXT:
                if (scalar.kind() == SpecNode.Kind.TEXT) {
                    values.put(key, scalar.text());
                } else {
                    wrongType(
                            key.path(),
                            scalar,
                            "use text: put it in quotes, e.g. \"" + scalar.text() + "\"",
                            violations);
                }
                break;
            case INTEGER:
                if (scalar.kind() == SpecNode.Kind.INTEGER) {
                    Object value = fromText(key, scalar.text(), violations);
                    if (value != null) {
                        values.put(key, value);
                    }
                } else {
                    wrongType(key.path(), scalar, expected + ", without quotes", violations);
                }
                break;
            case DECIMAL:
                if (scalar.kind() == SpecNode.Kind.INTEGER) {
                    Object value = fromText(key, scalar.text(), violations);
                    if (value != null) {
                        values.put(key, value);
                    }
                } else if (scalar.kind() == SpecNode.Kind.DECIMAL) {
                    values.put(key, scalar.value());
                } else {
                    wrongType(key.path(), scalar, expected + ", without quotes", violations);
                }
                break;
            case BOOLEAN:
                if (scalar.kind() == SpecNode.Kind.BOOLEAN) {
                    values.put(key, scalar.value());
                } else {
                    wrongType(key.path(), scalar, "use true or false, without quotes", violations);
                }
                break;
            default:
                throw new IllegalStateException(key + " is not a scalar key");
        }
    }

    /** Reads text (an override, or the digits of a YAML number) as the key's type. */
    private static Object fromText(JobSpecKey key, String text, Violations violations) {
        switch (key.type()) {
            case TEXT:
                return text;
            case INTEGER:
                if (!PLAIN_INTEGER.matcher(text).matches()) {
                    violations.add(
                            key.path(),
                            text,
                            "is not a whole number",
                            "use decimal digits only, e.g. 12");
                    return null;
                }
                BigInteger integer = new BigInteger(text);
                if (integer.bitLength() >= Long.SIZE) {
                    violations.add(key.path(), text, "is too large", "use a smaller number");
                    return null;
                }
                return integer.longValueExact();
            case DECIMAL:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    violations.add(
                            key.path(), text, "is not a number", "use a decimal number, e.g. 0.05");
                    return null;
                }
            case BOOLEAN:
                if (text.equals("true") || text.equals("false")) {
                    return Boolean.valueOf(text);
                }
                violations.add(key.path(), text, "is not a boolean", "use true or false");
                return null;
            default:
                // Sections and maps never get here: an override naming one replaces the mapping
                // with text, which readKey reports as the wrong type.
                throw new IllegalStateException(key + " does not hold a single value");
        }
    }

    /**
     * Client properties may hold passwords, so a scalar given where they or their section belong is
     * not shown: {@code --set registry.properties=basic.auth.user.info=replay:secret} must not
     * print the secret.
     */
    private static SpecNode withoutValueIfSecret(JobSpecKey key, SpecNode node) {
        boolean holdsProperties =
                Stream.of(JobSpecKey.KAFKA_PROPERTIES, JobSpecKey.REGISTRY_PROPERTIES)
                        .anyMatch(
                                properties ->
                                        properties == key
                                                || properties.path().startsWith(key.path() + "."));
        return holdsProperties
                        && node instanceof SpecNode.Scalar scalar
                        && scalar.kind() != SpecNode.Kind.NULL
                ? new SpecNode.Scalar(scalar.kind(), null, null)
                : node;
    }

    private static void wrongType(
            String field, SpecNode node, String expected, Violations violations) {
        String value = node instanceof SpecNode.Scalar scalar ? scalar.text() : null;
        if (node instanceof SpecNode.Scalar scalar && scalar.kind() == SpecNode.Kind.NULL) {
            violations.add(field, null, "has no value", expected + " (or leave the key out)");
            return;
        }
        violations.add(field, value, "is " + node.describe(), expected);
    }
}
