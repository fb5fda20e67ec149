package io.kappareplay.publisher.job;

import static java.util.Objects.requireNonNull;

import io.kappareplay.publisher.publish.PublishOptionKey;
import io.kappareplay.schemas.spec.JobSpecKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The publisher's command line, as {@code spark-submit ... kappa-ingress-publisher-spark-app.jar}
 * passes it on:
 *
 * <pre>
 * --spec &lt;file&gt;            the job spec (required)
 * --set &lt;key&gt;=&lt;value&gt;      overrides one spec key, e.g. --set ingress.partitions=12 (repeatable)
 * --warehouse &lt;uri&gt;       the same as --set warehouse-root=&lt;uri&gt;
 * --replace               kappa.publisher.replace=true: delete and recreate an ingress topic that holds records
 * --&lt;option&gt; &lt;value&gt;      a kappa.publisher.* setting, e.g. --max-records-per-second 5000
 * --help                  prints this
 * </pre>
 *
 * Publisher settings can also come from the Spark configuration as {@code
 * spark.kappa.publisher.<option>} ({@code spark-submit --conf}); a flag wins over it. Spec
 * overrides are checked by the spec parser like the YAML values they replace.
 *
 * @param spec {@code --spec}
 * @param overrides {@code --set} and {@code --warehouse}, in command-line order, by spec key
 * @param publisherOptions the {@code kappa.publisher.*} settings the flags give
 * @param help {@code --help}: print {@link #usage()} and do nothing else
 */
public record JobArguments(
        Optional<Path> spec,
        Map<String, String> overrides,
        Map<String, String> publisherOptions,
        boolean help) {

    public JobArguments {
        requireNonNull(spec, "spec");
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        publisherOptions = Collections.unmodifiableMap(new LinkedHashMap<>(publisherOptions));
    }

    /**
     * @throws JobArgumentsException naming the first flag that is not valid, and the fix
     */
    public static JobArguments parse(List<String> arguments) {
        Path spec = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < arguments.size(); i++) {
            String flag = arguments.get(i);
            switch (flag) {
                case "--help", "-h" -> help = true;
                case "--spec" -> {
                    if (spec != null) {
                        throw new JobArgumentsException(
                                "--spec is given twice; give the one job spec file this run"
                                        + " publishes");
                    }
                    spec =
                            Path.of(
                                    value(
                                            arguments,
                                            i++,
                                            "the job spec file, e.g. jobs/orders.yaml"));
                }
                case "--set" -> {
                    String pair =
                            value(
                                    arguments,
                                    i++,
                                    "a spec key and value, e.g. ingress.partitions=12");
                    int equals = pair.indexOf('=');
                    if (equals <= 0) {
                        throw new JobArgumentsException(
                                "--set '"
                                        + pair
                                        + "' is not key=value; give a spec key and its value,"
                                        + " e.g. --set ingress.partitions=12 (docs/job-spec.md lists"
                                        + " the keys)");
                    }
                    overrides.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
                case "--warehouse" ->
                        overrides.put(
                                JobSpecKey.WAREHOUSE_ROOT.path(),
                                value(
                                        arguments,
                                        i++,
                                        "the warehouse root URI, e.g. file:///tmp/kappa-warehouse"));
                case "--replace" -> options.put(PublishOptionKey.REPLACE.key(), "true");
                default -> {
                    PublishOptionKey key = option(flag);
                    options.put(key.key(), value(arguments, i++, key.validValues()));
                }
            }
        }
        return new JobArguments(Optional.ofNullable(spec), overrides, options, help);
    }

    /** The spec file. */
    public Path specFile() {
        return spec.orElseThrow(
                () ->
                        new JobArgumentsException(
                                "--spec is missing; give the job spec file, e.g. --spec"
                                        + " jobs/orders.yaml\n"
                                        + usage()));
    }

    /** What {@code --help} prints. */
    public static String usage() {
        StringBuilder usage =
                new StringBuilder(
                        "Usage: IngressPublisherJob --spec <job.yaml> [--set <key>=<value>]..."
                                + " [--warehouse <uri>] [--replace] [--<option> <value>]...\n"
                                + "  --spec <file>          the job spec (docs/job-spec.md)\n"
                                + "  --set <key>=<value>    overrides one spec key, e.g."
                                + " ingress.partitions=12\n"
                                + "  --warehouse <uri>      overrides warehouse-root, where"
                                + " kappa/rejects, kappa/ledger and kappa/manifests go\n"
                                + "  --replace              deletes and recreates an ingress topic"
                                + " that holds records ("
                                + PublishOptionKey.REPLACE.key()
                                + "=true)\n"
                                + "Publisher options (also as --conf spark.<key>=<value>):\n");
        for (PublishOptionKey key : PublishOptionKey.values()) {
            if (key != PublishOptionKey.REPLACE) {
                usage.append("  ")
                        .append(key.flag())
                        .append(" <value>  ")
                        .append(key.key())
                        .append(", default ")
                        .append(key.defaultValue())
                        .append(": ")
                        .append(key.validValues())
                        .append('\n');
            }
        }
        return usage.toString();
    }

    private static String value(List<String> arguments, int flagIndex, String what) {
        if (flagIndex + 1 >= arguments.size() || arguments.get(flagIndex + 1).startsWith("--")) {
            throw new JobArgumentsException(arguments.get(flagIndex) + " needs a value: " + what);
        }
        return arguments.get(flagIndex + 1);
    }

    private static PublishOptionKey option(String flag) {
        return Arrays.stream(PublishOptionKey.values())
                .filter(key -> key != PublishOptionKey.REPLACE && key.flag().equals(flag))
                .findFirst()
                .orElseThrow(
                        () -> {
                            List<String> flags =
                                    new ArrayList<>(
                                            List.of("--spec", "--set", "--warehouse", "--replace"));
                            Arrays.stream(PublishOptionKey.values())
                                    .filter(key -> key != PublishOptionKey.REPLACE)
                                    .forEach(key -> flags.add(key.flag()));
                            return new JobArgumentsException(
                                    "Unknown flag '"
                                            + flag
                                            + "'; valid flags: "
                                            + String.join(", ", flags)
                                            + ", --help");
                        });
    }
}
