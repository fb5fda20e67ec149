package io.kappareplay.sink.options;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The sink's command line, as {@code flink run ... kappa-egress-sink-flink-app.jar} passes it on:
 * one flag per {@link SinkOptionKey} ({@code --job orders}), plus {@code --kafka key=value} and
 * {@code --registry key=value} (repeatable) for client settings such as SASL, and {@code --help}.
 *
 * @param options the settings, empty when {@code --help} was asked for
 */
public record SinkArguments(Optional<SinkOptions> options) {

    /**
     * @throws SinkConfigException naming the first flag that is not valid, and the fix
     */
    public static SinkArguments parse(List<String> arguments) {
        Map<SinkOptionKey, String> values = new EnumMap<>(SinkOptionKey.class);
        Map<String, String> kafka = new LinkedHashMap<>();
        Map<String, String> registry = new LinkedHashMap<>();
        for (int i = 0; i < arguments.size(); i++) {
            String flag = arguments.get(i);
            switch (flag) {
                case "--help", "-h" -> {
                    return new SinkArguments(Optional.empty());
                }
                case "--kafka" -> pair(flag, value(arguments, i++), kafka);
                case "--registry" -> pair(flag, value(arguments, i++), registry);
                default -> {
                    SinkOptionKey key =
                            SinkOptionKey.byFlag(flag)
                                    .orElseThrow(
                                            () ->
                                                    new SinkConfigException(
                                                            "Unknown flag '"
                                                                    + flag
                                                                    + "'; valid flags: "
                                                                    + validFlags()));
                    if (values.put(key, value(arguments, i++)) != null) {
                        throw new SinkConfigException(flag + " is given twice; give it once");
                    }
                }
            }
        }
        return new SinkArguments(Optional.of(SinkOptions.from(values, kafka, registry)));
    }

    /** What {@code --help} prints. */
    public static String usage() {
        StringBuilder usage =
                new StringBuilder(
                        "Usage: EgressSinkJob --job <id> --bootstrap-servers <hosts>"
                                + " --registry-url <url> --warehouse <uri> [--<option> <value>]...\n"
                                + "Lands kappa.<job>.egress and kappa.<job>.dlq as Parquet under"
                                + " <warehouse>/kappa/{egress,dlq}/job_id=<job>/dt=<yyyy-MM-dd>/.\n");
        for (SinkOptionKey key : SinkOptionKey.values()) {
            usage.append("  ")
                    .append(key.flag())
                    .append(" <value>  ")
                    .append(key.description())
                    .append(key.defaultValue().map(d -> " (default " + d + ")").orElse(""))
                    .append('\n');
        }
        usage.append(
                        "  --kafka <key>=<value>     a Kafka client setting, e.g. security.protocol=SASL_SSL\n")
                .append(
                        "  --registry <key>=<value>  a registry client setting, e.g. basic.auth.user.info=u:p\n")
                .append("  --help                    prints this\n");
        return usage.toString();
    }

    private static String validFlags() {
        return java.util.Arrays.stream(SinkOptionKey.values())
                        .map(SinkOptionKey::flag)
                        .collect(Collectors.joining(", "))
                + ", --kafka, --registry, --help";
    }

    private static void pair(String flag, String pair, Map<String, String> into) {
        int equals = pair.indexOf('=');
        if (equals <= 0) {
            throw new SinkConfigException(
                    flag + " '" + pair + "' is not key=value; e.g. " + flag + " client.id=sink");
        }
        into.put(pair.substring(0, equals), pair.substring(equals + 1));
    }

    private static String value(List<String> arguments, int flagIndex) {
        if (flagIndex + 1 >= arguments.size() || arguments.get(flagIndex + 1).startsWith("--")) {
            String flag = arguments.get(flagIndex);
            String what =
                    SinkOptionKey.byFlag(flag)
                            .map(SinkOptionKey::description)
                            .orElse("a key=value pair");
            throw new SinkConfigException(flag + " needs a value: " + what);
        }
        return arguments.get(flagIndex + 1);
    }
}
