package io.kappareplay.schemas.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every key a job spec may contain, with its dotted path: the one list the parser checks YAML
 * sections and {@code --set} overrides against. Keys without a default are required unless their
 * section is optional or the mode makes them so; see each constant.
 */
public enum JobSpecKey {
    /** Required. The job id; see {@link io.kappareplay.schemas.naming.JobNames}. */
    JOB_ID("job-id", Type.TEXT),

    /** Required section: what the snapshot is read from. */
    SOURCE("source", Type.SECTION),
    /** Required: {@code parquet}, {@code csv}, {@code hive} or {@code iceberg}. */
    SOURCE_FORMAT("source.format", Type.TEXT),
    /** Where parquet and csv sources are: a directory or file URI or path. */
    SOURCE_PATH("source.path", Type.TEXT),
    /** Which hive and iceberg table to read, e.g. {@code sales.orders}. */
    SOURCE_TABLE("source.table", Type.TEXT),
    /** Required: the business key column; its value is the Kafka record key. */
    SOURCE_KEY_COLUMN("source.key-column", Type.TEXT),
    /** Optional section, csv only: see {@link CsvOptions}. */
    SOURCE_CSV("source.csv", Type.SECTION),
    /** Whether the first line names the columns. Default {@code true}. */
    SOURCE_CSV_HEADER("source.csv.header", Type.BOOLEAN),
    /** One character between columns. Default {@code ,}. */
    SOURCE_CSV_DELIMITER("source.csv.delimiter", Type.TEXT),

    /** Required section: see {@link PointInTime}. */
    POINT_IN_TIME("source.point-in-time", Type.SECTION),
    /** Required: {@code as-of}, {@code latest-per-key} or {@code window}. */
    POINT_IN_TIME_MODE("source.point-in-time.mode", Type.TEXT),
    /**
     * ISO-8601 instant, e.g. {@code 2024-06-30T00:00:00Z}. Required, except: as-of on iceberg may
     * give {@code snapshot-id} instead; window defaults it to {@code to}.
     */
    POINT_IN_TIME_INSTANT("source.point-in-time.instant", Type.TEXT),
    /** as-of on iceberg only: the snapshot to read, instead of an instant. */
    POINT_IN_TIME_SNAPSHOT_ID("source.point-in-time.snapshot-id", Type.INTEGER),
    /** as-of: SCD2 start-of-validity column; required unless the format is iceberg. */
    POINT_IN_TIME_VALID_FROM_COLUMN("source.point-in-time.valid-from-column", Type.TEXT),
    /** as-of: SCD2 end-of-validity column; required unless the format is iceberg. */
    POINT_IN_TIME_VALID_TO_COLUMN("source.point-in-time.valid-to-column", Type.TEXT),
    /** latest-per-key: the key to keep one row per. Default: {@code source.key-column}. */
    POINT_IN_TIME_KEY_COLUMN("source.point-in-time.key-column", Type.TEXT),
    /** latest-per-key, required: the timestamp column compared with the instant. */
    POINT_IN_TIME_VERSION_COLUMN("source.point-in-time.version-column", Type.TEXT),
    /** window, required: the event-time column compared with {@code from} and {@code to}. */
    POINT_IN_TIME_EVENT_TIME_COLUMN("source.point-in-time.event-time-column", Type.TEXT),
    /** window, required: ISO-8601 instant, inclusive. */
    POINT_IN_TIME_FROM("source.point-in-time.from", Type.TEXT),
    /** window, required: ISO-8601 instant, exclusive; after {@code from}. */
    POINT_IN_TIME_TO("source.point-in-time.to", Type.TEXT),

    /** Required section: what is published to the ingress topic. */
    INGRESS("ingress", Type.SECTION),
    /** Required section: the Avro schema rows are published with; avsc or subject. */
    INGRESS_CONTRACT("ingress.contract", Type.SECTION),
    /**
     * A {@code .avsc} file; relative paths in a spec file are relative to that file's directory.
     */
    INGRESS_CONTRACT_AVSC("ingress.contract.avsc", Type.TEXT),
    /** A schema registry subject whose latest version is the contract. */
    INGRESS_CONTRACT_SUBJECT("ingress.contract.subject", Type.TEXT),
    /** Source column to contract field; a column not listed keeps its name. Default: none. */
    INGRESS_COLUMN_MAPPING("ingress.column-mapping", Type.TEXT_MAP),
    /** Partitions of the ingress topic, 1 to 10000. Default 100. */
    INGRESS_PARTITIONS("ingress.partitions", Type.INTEGER),
    /** Share of rows that may be rejected before the publisher fails, 0 to 1. Default 0. */
    INGRESS_REJECT_BUDGET("ingress.reject-budget", Type.DECIMAL),

    /** Optional section: the production service replayed. */
    SERVICE("service", Type.SECTION),
    /**
     * The fully qualified class name of the service's {@code ReplayHandler}. Default: the one
     * handler the handler jars register with {@code java.util.ServiceLoader}.
     */
    SERVICE_HANDLER("service.handler", Type.TEXT),
    /** Optional section: the Avro schema of the handler's outputs; avsc or subject. */
    SERVICE_OUTPUT("service.output", Type.SECTION),
    /** A {@code .avsc} file, resolved like {@link #INGRESS_CONTRACT_AVSC}. */
    SERVICE_OUTPUT_AVSC("service.output.avsc", Type.TEXT),
    /** A schema registry subject. */
    SERVICE_OUTPUT_SUBJECT("service.output.subject", Type.TEXT),
    /** The service's own settings, handed to its handler; {@code ${VAR}} reads the environment. */
    SERVICE_PROPERTIES("service.properties", Type.TEXT_MAP),

    /** {@code at-least-once} or {@code exactly-once}. Default {@code at-least-once}. */
    DELIVERY_GUARANTEE("delivery-guarantee", Type.TEXT),
    /**
     * {@code consumer} or {@code share}: the kind of Kafka group the consumer runtime reads ingress
     * in; see {@link GroupType}. Default {@code consumer}. {@code share} is at-least-once only.
     */
    GROUP_TYPE("group-type", Type.TEXT),

    /**
     * Required: the {@code file://}, {@code hdfs://} or {@code s3a://} URI outputs land under,
     * without user info (credentials belong in the Hadoop configuration). No default, so that a job
     * never lands its outputs somewhere nobody chose.
     */
    WAREHOUSE_ROOT("warehouse-root", Type.TEXT),

    /** Optional section: what reconciliation tolerates before it fails the job. */
    RECONCILIATION("reconciliation", Type.SECTION),
    /** Ingress records allowed to be missing from egress and DLQ. Default 0. */
    RECONCILIATION_MAX_MISSING("reconciliation.max-missing", Type.INTEGER),
    /** Outputs allowed to land more than once. Default 0. */
    RECONCILIATION_MAX_DUPLICATES("reconciliation.max-duplicates", Type.INTEGER),

    /** Required section: the Kafka cluster. */
    KAFKA("kafka", Type.SECTION),
    /** Required: {@code host:port[,host:port...]}. */
    KAFKA_BOOTSTRAP_SERVERS("kafka.bootstrap-servers", Type.TEXT),
    /** Client properties passed through as they are; {@code ${VAR}} reads the environment. */
    KAFKA_PROPERTIES("kafka.properties", Type.TEXT_MAP),

    /** Required section: the Confluent-compatible schema registry. */
    REGISTRY("registry", Type.SECTION),
    /**
     * Required: the registry's {@code http://} or {@code https://} base URL, without query or
     * fragment; it may carry basic-auth credentials as {@code user:password@}.
     */
    REGISTRY_URL("registry.url", Type.TEXT),
    /** Registry client properties passed through; {@code ${VAR}} reads the environment. */
    REGISTRY_PROPERTIES("registry.properties", Type.TEXT_MAP);

    /** What a key holds; YAML values and overrides are checked against it. */
    enum Type {
        SECTION("a mapping"),
        TEXT("text"),
        INTEGER("a whole number"),
        DECIMAL("a number"),
        BOOLEAN("true or false"),
        TEXT_MAP("a mapping of names to values");

        final String description;

        Type(String description) {
            this.description = description;
        }
    }

    private static final Map<String, JobSpecKey> BY_PATH = new LinkedHashMap<>();

    static {
        for (JobSpecKey key : values()) {
            BY_PATH.put(key.path, key);
        }
    }

    private final String path;
    private final Type type;

    JobSpecKey(String path, Type type) {
        this.path = path;
        this.type = type;
    }

    /** The dotted path, e.g. {@code source.point-in-time.mode}. */
    public String path() {
        return path;
    }

    /** The last segment of the path, as written in YAML, e.g. {@code mode}. */
    public String keyName() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    Type type() {
        return type;
    }

    /** The key with this dotted path. */
    public static Optional<JobSpecKey> ofPath(String path) {
        return Optional.ofNullable(BY_PATH.get(path));
    }

    /** The keys directly inside {@code section}, in spec order; null for the top level. */
    static List<JobSpecKey> children(JobSpecKey section) {
        String prefix = section == null ? "" : section.path + ".";
        List<JobSpecKey> children = new ArrayList<>();
        for (JobSpecKey key : values()) {
            String rest = key.path.startsWith(prefix) ? key.path.substring(prefix.length()) : "";
            if (!rest.isEmpty() && rest.indexOf('.') < 0) {
                children.add(key);
            }
        }
        return children;
    }

    /** The names of the keys directly inside {@code section}, in spec order. */
    static List<String> childNames(JobSpecKey section) {
        return children(section).stream().map(JobSpecKey::keyName).toList();
    }

    @Override
    public String toString() {
        return path;
    }
}
