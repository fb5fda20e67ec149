package io.kappareplay.schemas.spec;

import io.kappareplay.schemas.naming.JobNames;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a valid job spec obeys, in one place: the parser applies them to collect every
 * violation of a YAML spec, and the model's constructors apply the same ones so a spec built in
 * code is held to them too.
 */
final class SpecRules {

    static final int MAX_PARTITIONS = 10_000;

    private static final String HOST =
            "(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?)";
    private static final Pattern BOOTSTRAP_SERVER = Pattern.compile(HOST + ":([0-9]{1,5})");
    private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> WAREHOUSE_SCHEMES = Set.of("file", "hdfs", "s3a");
    private static final Set<String> REGISTRY_SCHEMES = Set.of("http", "https");
    // RegistryClientConfig.URL; the spec does not depend on the client.
    private static final String REGISTRY_CLIENT_URL_KEY = "schema.registry.url";

    private SpecRules() {}

    /** How an enum constant is written in a spec: {@code LATEST_PER_KEY} as latest-per-key. */
    static String key(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every constant of an enum as written in a spec. */
    static List<String> keys(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(SpecRules::key).toList();
    }

    static void jobId(Violations violations, String jobId) {
        if (!JobNames.isValidJobId(jobId)) {
            violations.invalid(JobSpecKey.JOB_ID.path(), jobId, JobNames.JOB_ID_RULE);
        }
    }

    /**
     * Share groups acknowledge records one by one, outside any transaction: exactly-once needs the
     * offsets of a consumer group committed in the transaction of the outputs.
     */
    static void groupType(
            Violations violations, GroupType groupType, DeliveryGuarantee deliveryGuarantee) {
        if (groupType == GroupType.SHARE && deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            violations.add(
                    JobSpecKey.GROUP_TYPE.path(),
                    groupType.key(),
                    "is not possible with "
                            + JobSpecKey.DELIVERY_GUARANTEE.path()
                            + " "
                            + deliveryGuarantee.key()
                            + ": share groups have no transactional acknowledgement",
                    "set "
                            + JobSpecKey.DELIVERY_GUARANTEE.path()
                            + " to "
                            + DeliveryGuarantee.AT_LEAST_ONCE.key()
                            + " to read in a share group, or remove "
                            + JobSpecKey.GROUP_TYPE.path()
                            + " (default "
                            + JobSpec.DEFAULT_GROUP_TYPE.key()
                            + ") for exactly-once");
        }
    }

    static void column(Violations violations, JobSpecKey key, String column) {
        notBlank(violations, key.path(), column, "name a column of the source");
    }

    static void notBlank(Violations violations, String field, String value, String expected) {
        if (value == null) {
            violations.missing(field, expected);
        } else if (value.isBlank()) {
            violations.add(field, value, "is blank", expected);
        }
    }

    static void delimiter(Violations violations, String delimiter) {
        if (delimiter.length() != 1 || delimiter.equals("\n") || delimiter.equals("\r")) {
            violations.invalid(
                    JobSpecKey.SOURCE_CSV_DELIMITER.path(),
                    delimiter,
                    "use one character other than a line break, e.g. ',' or \"\\t\"");
        }
    }

    /**
     * Files formats are named by a path, table formats by a table: exactly one, the right one.
     *
     * @param format null when it is itself invalid
     * @param path null when absent
     * @param table null when absent
     */
    static void location(Violations violations, SourceFormat format, String path, String table) {
        String pathField = JobSpecKey.SOURCE_PATH.path();
        String tableField = JobSpecKey.SOURCE_TABLE.path();
        if (format == null) {
            if (path != null && table != null) {
                violations.add(
                        tableField,
                        table,
                        "is given together with " + pathField,
                        "give source.path (parquet, csv) or source.table (hive, iceberg), not both");
            } else if (path == null && table == null) {
                violations.missing(
                        pathField,
                        "set source.path (parquet, csv) or source.table (hive, iceberg)");
            }
        } else if (format.readsPath()) {
            if (table != null) {
                violations.add(
                        tableField,
                        table,
                        "is not read by format " + format.key(),
                        "remove it; format " + format.key() + " reads files at source.path");
            }
            if (path == null) {
                violations.missing(
                        pathField,
                        "format " + format.key() + " reads files: set the directory or file");
            }
        } else {
            if (path != null) {
                violations.add(
                        pathField,
                        path,
                        "is not read by format " + format.key(),
                        "remove it; format " + format.key() + " reads the table at source.table");
            }
            if (table == null) {
                violations.missing(
                        tableField,
                        "format "
                                + format.key()
                                + " reads a table: set its name, e.g. sales.orders");
            }
        }
        if (path != null) {
            notBlank(violations, pathField, path, "set the directory or file");
        }
        if (table != null) {
            notBlank(violations, tableField, table, "set the table name, e.g. sales.orders");
        }
    }

    /** CSV options belong to CSV sources and to no other. */
    static void csv(Violations violations, SourceFormat format, boolean hasCsvOptions) {
        if (format != SourceFormat.CSV && hasCsvOptions) {
            violations.add(
                    JobSpecKey.SOURCE_CSV.path(),
                    null,
                    "is only read for format csv",
                    "remove it, or set source.format to csv");
        } else if (format == SourceFormat.CSV && !hasCsvOptions) {
            violations.missing(
                    JobSpecKey.SOURCE_CSV.path(), "give csv sources options (CsvOptions.DEFAULT)");
        }
    }

    /**
     * As-of reads an instant (or, on Iceberg, a snapshot) and, without time travel, needs SCD2
     * validity columns to compare it with.
     *
     * @param format null to check only what holds for every format
     * @param hasValidity whether validity columns were given (or half given: that is reported
     *     apart)
     */
    static void asOf(
            Violations violations,
            SourceFormat format,
            Optional<Instant> instant,
            OptionalLong snapshotId,
            boolean hasValidity) {
        boolean timeTravel = format == null || format == SourceFormat.ICEBERG;
        if (!timeTravel) {
            if (snapshotId.isPresent()) {
                violations.add(
                        JobSpecKey.POINT_IN_TIME_SNAPSHOT_ID.path(),
                        snapshotId.getAsLong(),
                        "is Iceberg time travel, which format " + format.key() + " does not have",
                        "remove it and set instant");
            }
            if (!hasValidity) {
                String why =
                        "format "
                                + format.key()
                                + " has no time travel, so as-of compares SCD2 validity columns"
                                + " with the instant: name the column";
                violations.missing(
                        JobSpecKey.POINT_IN_TIME_VALID_FROM_COLUMN.path(),
                        why + " where a row's version starts");
                violations.missing(
                        JobSpecKey.POINT_IN_TIME_VALID_TO_COLUMN.path(),
                        why + " where it ends (null while current)");
            }
        }
        if (instant.isPresent() && snapshotId.isPresent()) {
            violations.add(
                    JobSpecKey.POINT_IN_TIME_SNAPSHOT_ID.path(),
                    snapshotId.getAsLong(),
                    "is given together with instant",
                    "give instant or snapshot-id, not both");
        } else if (instant.isEmpty()) {
            String instantField = JobSpecKey.POINT_IN_TIME_INSTANT.path();
            if (!timeTravel) {
                violations.missing(
                        instantField,
                        "set the instant to read the source as of, e.g. 2024-06-30T00:00:00Z");
            } else if (snapshotId.isEmpty()) {
                violations.missing(
                        instantField,
                        "set the instant to read the source as of, e.g. 2024-06-30T00:00:00Z"
                                + " (iceberg: or snapshot-id)");
            } else if (hasValidity) {
                violations.missing(
                        instantField,
                        "the validity columns are compared with the instant: give instant"
                                + " instead of snapshot-id");
            }
        }
    }

    static void window(Violations violations, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            violations.add(
                    JobSpecKey.POINT_IN_TIME_FROM.path(),
                    from,
                    "is not before to (" + to + ")",
                    "use a from earlier than to: the window is [from, to)");
        }
    }

    static void partitions(Violations violations, long partitions) {
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            violations.invalid(
                    JobSpecKey.INGRESS_PARTITIONS.path(),
                    partitions,
                    "use 1 to "
                            + MAX_PARTITIONS
                            + " (default "
                            + IngressSpec.DEFAULT_PARTITIONS
                            + ")");
        }
    }

    static void rejectBudget(Violations violations, double rejectBudget) {
        if (!(rejectBudget >= 0.0 && rejectBudget <= 1.0)) {
            violations.invalid(
                    JobSpecKey.INGRESS_REJECT_BUDGET.path(),
                    rejectBudget,
                    "use a fraction from 0 to 1, e.g. 0.01 to allow 1% of rows (default 0)");
        }
    }

    static void tolerance(Violations violations, JobSpecKey key, long tolerance) {
        if (tolerance < 0) {
            violations.invalid(key.path(), tolerance, "use a count of 0 or more (default 0)");
        }
    }

    /** Targets are Avro field names, and no two columns may fill the same field. */
    static void columnMapping(Violations violations, Map<String, String> mapping) {
        String mappingField = JobSpecKey.INGRESS_COLUMN_MAPPING.path();
        Map<String, String> columnByField = new HashMap<>();
        mapping.forEach(
                (column, field) -> {
                    String entryField = mappingField + "." + column;
                    if (column.isBlank()) {
                        violations.add(
                                mappingField,
                                column,
                                "has a blank source column",
                                "name a column of the source");
                    } else if (!AVRO_NAME.matcher(field).matches()) {
                        violations.invalid(
                                entryField,
                                field,
                                "use the name of a contract field: letters, digits and '_', not"
                                        + " starting with a digit");
                    } else if (columnByField.containsKey(field)) {
                        violations.add(
                                entryField,
                                field,
                                "is also mapped from column " + columnByField.get(field),
                                "fill each contract field from one column");
                    }
                    columnByField.putIfAbsent(field, column);
                });
    }

    static void avsc(Violations violations, String field, Path avsc) {
        Path fileName = avsc.getFileName();
        if (fileName == null || !fileName.toString().endsWith(".avsc")) {
            violations.add(
                    field,
                    avsc,
                    "is not an .avsc file",
                    "name an Avro schema file ending in .avsc");
        }
    }

    static void subject(Violations violations, String field, String subject) {
        notBlank(violations, field, subject, "name a schema registry subject");
    }

    /** The class is loaded later, where the service's jars are; here only its shape is checked. */
    static void handler(Violations violations, String className) {
        String[] parts = className.split("\\.", -1);
        boolean qualified =
                parts.length >= 2 && Arrays.stream(parts).allMatch(SpecRules::isJavaIdentifier);
        if (!qualified) {
            violations.invalid(
                    JobSpecKey.SERVICE_HANDLER.path(),
                    className,
                    "use the fully qualified class name of the service's ReplayHandler, e.g."
                            + " com.example.orders.OrdersReplayHandler");
        }
    }

    private static boolean isJavaIdentifier(String part) {
        if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))) {
            return false;
        }
        return part.chars().skip(1).allMatch(Character::isJavaIdentifierPart);
    }

    static void warehouseRoot(Violations violations, URI root) {
        String scheme = root.getScheme() == null ? "" : root.getScheme().toLowerCase(Locale.ROOT);
        boolean valid =
                WAREHOUSE_SCHEMES.contains(scheme)
                        && !root.isOpaque()
                        && root.getRawQuery() == null
                        && root.getRawFragment() == null
                        && (!scheme.equals("s3a") || root.getAuthority() != null)
                        && (!scheme.equals("file") || root.getPath().startsWith("/"));
        if (!valid) {
            violations.invalid(
                    JobSpecKey.WAREHOUSE_ROOT.path(),
                    withoutUserInfo(root.toString()),
                    "use a file://, hdfs:// or s3a:// URI, e.g. file:///tmp/kappa-warehouse,"
                            + " hdfs://namenode:8020/warehouse or s3a://bucket/warehouse");
        } else if (root.getRawUserInfo() != null) {
            // s3a://KEY:SECRET@bucket once worked; Hadoop dropped it, and the URI would show the
            // secret in every path the job prints.
            violations.add(
                    JobSpecKey.WAREHOUSE_ROOT.path(),
                    withoutUserInfo(root.toString()),
                    "has user info",
                    "remove it and give credentials in the Hadoop configuration (e.g."
                            + " fs.s3a.access.key and fs.s3a.secret.key)");
        }
    }

    static void bootstrapServers(Violations violations, String servers) {
        boolean valid =
                !servers.isBlank()
                        && Arrays.stream(servers.split(",", -1))
                                .map(String::strip)
                                .allMatch(SpecRules::isHostAndPort);
        if (!valid) {
            violations.invalid(
                    JobSpecKey.KAFKA_BOOTSTRAP_SERVERS.path(),
                    servers,
                    "use host:port[,host:port...], e.g. broker-1:9092,broker-2:9092");
        }
    }

    private static boolean isHostAndPort(String server) {
        var matcher = BOOTSTRAP_SERVER.matcher(server);
        if (!matcher.matches()) {
            return false;
        }
        int port = Integer.parseInt(matcher.group(3));
        return port >= 1 && port <= 65_535;
    }

    /** One setting in two places would leave unclear which one the clients get. */
    static void kafkaProperties(Violations violations, Map<String, String> properties) {
        if (properties.containsKey("bootstrap.servers")) {
            violations.add(
                    JobSpecKey.KAFKA_PROPERTIES.path() + ".bootstrap.servers",
                    null,
                    "duplicates kafka.bootstrap-servers",
                    "remove it and set kafka.bootstrap-servers");
        }
    }

    static void registryUrl(Violations violations, URI url) {
        String field = JobSpecKey.REGISTRY_URL.path();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!REGISTRY_SCHEMES.contains(scheme) || url.getHost() == null) {
            violations.invalid(
                    field,
                    withoutUserInfo(url.toString()),
                    "use an http:// or https:// URL, e.g. http://registry:8081");
        } else if (url.getRawQuery() != null || url.getRawFragment() != null) {
            // The registry client appends its paths to this base and refuses one with either.
            violations.add(
                    field,
                    withoutUserInfo(url.toString()),
                    "has a query or fragment",
                    "remove what follows '?' or '#': give the registry's base URL, e.g."
                            + " https://registry:8081 or https://host/apis/ccompat/v7");
        }
    }

    /**
     * Registry client properties go with {@code registry.url}; the client's own URL key among them
     * would leave unclear which URL it gets.
     */
    static void registryProperties(Violations violations, Map<String, String> properties) {
        if (properties.containsKey(REGISTRY_CLIENT_URL_KEY)) {
            violations.add(
                    JobSpecKey.REGISTRY_PROPERTIES.path() + "." + REGISTRY_CLIENT_URL_KEY,
                    null,
                    "duplicates registry.url",
                    "remove it and set registry.url");
        }
    }

    /**
     * A URI as written with its user info ({@code user:password@}) replaced by {@code ***}, for
     * messages and {@code toString}. Works on text that does not parse as a URI too: a password may
     * hold the very character that broke it, so everything before the last {@code @} goes.
     */
    static String withoutUserInfo(String text) {
        int at = text.lastIndexOf('@');
        if (at < 0) {
            return text;
        }
        int schemeEnd = text.indexOf("://");
        int start = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
        return text.substring(0, start) + "***" + text.substring(at);
    }

    /** Lists values for "use one of ..." messages. */
    static String oneOf(List<String> values) {
        return "use one of " + String.join(", ", values);
    }
}
