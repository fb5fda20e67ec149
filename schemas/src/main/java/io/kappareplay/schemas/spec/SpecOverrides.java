package io.kappareplay.schemas.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code key=value} overrides (a CLI's {@code --set}) into a spec's YAML tree before it is
 * checked, so an override is checked like the YAML it replaces and can repair a bad value there.
 */
final class SpecOverrides {

    private SpecOverrides() {}

    static SpecNode.Mapping apply(
            SpecNode.Mapping root, Map<String, String> overrides, Violations violations) {
        SpecNode.Mapping result = root;
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            String key = override.getKey();
            List<String> segments = segments(key);
            if (segments.isEmpty()) {
                // Only the key: the value may be a password meant for a property.
                violations.add(
                        key,
                        null,
                        "is not a valid override key",
                        "use a dotted key without empty parts, such as ingress.partitions or"
                                + " kafka.properties.security.protocol");
                continue;
            }
            SpecNode value =
                    new SpecNode.Scalar(
                            SpecNode.Kind.OVERRIDE, override.getValue(), override.getValue());
            result = with(result, segments, value);
        }
        return result;
    }

    // Splits a dotted key into YAML keys. Entries of free-form maps may contain dots themselves
    // (kafka.properties.security.protocol), so everything after such a map is one segment.
    private static List<String> segments(String key) {
        List<String> parts = Arrays.asList(key.split("\\.", -1));
        if (parts.stream().anyMatch(String::isBlank)) {
            return List.of();
        }
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            segments.add(parts.get(i));
            boolean isMap =
                    JobSpecKey.ofPath(String.join(".", segments))
                            .filter(k -> k.type() == JobSpecKey.Type.TEXT_MAP)
                            .isPresent();
            if (isMap && i + 1 < parts.size()) {
                segments.add(String.join(".", parts.subList(i + 1, parts.size())));
                break;
            }
        }
        return segments;
    }

    private static SpecNode.Mapping with(
            SpecNode.Mapping mapping, List<String> segments, SpecNode value) {
        Map<String, SpecNode> entries = new LinkedHashMap<>(mapping.entries());
        String name = segments.get(0);
        if (segments.size() == 1) {
            entries.put(name, value);
        } else {
            SpecNode.Mapping child =
                    entries.get(name) instanceof SpecNode.Mapping existing
                            ? existing
                            : new SpecNode.Mapping(Map.of());
            entries.put(name, with(child, segments.subList(1, segments.size()), value));
        }
        return new SpecNode.Mapping(entries);
    }
}
