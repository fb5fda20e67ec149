package io.kappareplay.schemas.spec;

import static java.util.stream.Collectors.joining;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} in client properties with the environment variable {@code NAME}, so
 * passwords and keys can stay out of spec files. One pass: a variable's value is not searched for
 * further references.
 */
final class EnvironmentReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvironmentReferences() {}

    static Map<String, String> resolve(
            JobSpecKey key,
            Map<String, String> properties,
            Map<String, String> environment,
            Violations violations) {
        Map<String, String> resolved = new LinkedHashMap<>();
        properties.forEach(
                (name, value) -> {
                    String field = key.path() + "." + name;
                    resolved.put(name, resolve(field, value, environment, violations));
                });
        return resolved;
    }

    private static String resolve(
            String field, String value, Map<String, String> environment, Violations violations) {
        Matcher reference = REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        List<String> malformed = new ArrayList<>();
        List<String> unset = new ArrayList<>();
        while (reference.find()) {
            String name = reference.group(1);
            String replacement = environment.get(name);
            if (!NAME.matcher(name).matches()) {
                malformed.add(reference.group());
            } else if (replacement == null) {
                unset.add(name);
            } else {
                reference.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
            }
        }
        reference.appendTail(resolved);
        // Only the references are shown, never the value: the rest of it may be a secret.
        if (!malformed.isEmpty()) {
            violations.add(
                    field,
                    String.join(", ", malformed),
                    "is not a valid environment variable reference",
                    "write ${NAME} with NAME made of letters, digits and '_'");
        } else if (!unset.isEmpty()) {
            violations.add(
                    field,
                    unset.stream().map(name -> "${" + name + "}").collect(joining(", ")),
                    unset.size() == 1
                            ? "names an environment variable that is not set"
                            : "names environment variables that are not set",
                    "set "
                            + String.join(", ", unset)
                            + " in the environment of the process that reads the spec");
        }
        return resolved.toString();
    }
}
