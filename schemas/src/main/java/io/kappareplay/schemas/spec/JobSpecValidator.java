package io.kappareplay.schemas.spec;

import io.kappareplay.schemas.naming.JobNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns checked {@link SpecValues} into a {@link JobSpec}: applies defaults, the rules of {@link
 * SpecRules} and the rules that depend on which keys are present (path or table, avsc or subject,
 * the keys each point-in-time mode reads). Reports every violation it finds; builds nothing when
 * there is one.
 */
final class JobSpecValidator {

    private static final Map<PointInTime.Mode, Set<JobSpecKey>> MODE_KEYS =
            new EnumMap<>(PointInTime.Mode.class);

    static {
        MODE_KEYS.put(
                PointInTime.Mode.AS_OF,
                EnumSet.of(
                        JobSpecKey.POINT_IN_TIME_INSTANT,
                        JobSpecKey.POINT_IN_TIME_SNAPSHOT_ID,
                        JobSpecKey.POINT_IN_TIME_VALID_FROM_COLUMN,
                        JobSpecKey.POINT_IN_TIME_VALID_TO_COLUMN));
        MODE_KEYS.put(
                PointInTime.Mode.LATEST_PER_KEY,
                EnumSet.of(
                        JobSpecKey.POINT_IN_TIME_INSTANT,
                        JobSpecKey.POINT_IN_TIME_KEY_COLUMN,
                        JobSpecKey.POINT_IN_TIME_VERSION_COLUMN));
        MODE_KEYS.put(
                PointInTime.Mode.WINDOW,
                EnumSet.of(
                        JobSpecKey.POINT_IN_TIME_INSTANT,
                        JobSpecKey.POINT_IN_TIME_EVENT_TIME_COLUMN,
                        JobSpecKey.POINT_IN_TIME_FROM,
                        JobSpecKey.POINT_IN_TIME_TO));
    }

    private static final String EXAMPLE_INSTANT = "2024-06-30T00:00:00Z";

    private final SpecValues values;
    private final Path baseDirectory;
    private final Map<String, String> environment;
    private final Violations violations;

    /**
     * @param baseDirectory what relative {@code .avsc} paths of the YAML are relative to; null to
     *     leave them relative
     */
    JobSpecValidator(
            SpecValues values,
            Path baseDirectory,
            Map<String, String> environment,
            Violations violations) {
        this.values = values;
        this.baseDirectory = baseDirectory;
        this.environment = environment;
        this.violations = violations;
    }

    /** The spec, or empty when there are violations (all of them are then in the collector). */
    Optional<JobSpec> validate() {
        int mark = violations.size();
        String jobId = requiredText(JobSpecKey.JOB_ID, JobNames.JOB_ID_RULE);
        if (jobId != null) {
            SpecRules.jobId(violations, jobId);
        }
        SourceSpec source = source();
        IngressSpec ingress = ingress();
        ServiceSpec service = service();
        DeliveryGuarantee deliveryGuarantee =
                enumValue(
                        JobSpecKey.DELIVERY_GUARANTEE,
                        DeliveryGuarantee.class,
                        JobSpec.DEFAULT_DELIVERY_GUARANTEE);
        GroupType groupType =
                enumValue(JobSpecKey.GROUP_TYPE, GroupType.class, JobSpec.DEFAULT_GROUP_TYPE);
        if (groupType != null && deliveryGuarantee != null) {
            SpecRules.groupType(violations, groupType, deliveryGuarantee);
        }
        URI warehouseRoot = warehouseRoot();
        ReconciliationTolerances reconciliation = reconciliation();
        KafkaSpec kafka = kafka();
        RegistrySpec registry = registry();
        return Optional.ofNullable(
                build(
                        mark,
                        () ->
                                new JobSpec(
                                        jobId,
                                        source,
                                        ingress,
                                        service,
                                        deliveryGuarantee,
                                        groupType,
                                        warehouseRoot,
                                        reconciliation,
                                        kafka,
                                        registry),
                        jobId,
                        source,
                        ingress,
                        service,
                        deliveryGuarantee,
                        groupType,
                        warehouseRoot,
                        reconciliation,
                        kafka,
                        registry));
    }

    private SourceSpec source() {
        int mark = violations.size();
        SourceFormat format = enumValue(JobSpecKey.SOURCE_FORMAT, SourceFormat.class, null);
        String path = values.text(JobSpecKey.SOURCE_PATH);
        String table = values.text(JobSpecKey.SOURCE_TABLE);
        SpecRules.location(violations, format, path, table);
        Optional<CsvOptions> csv = csvOptions(format);
        String keyColumn =
                requiredText(
                        JobSpecKey.SOURCE_KEY_COLUMN,
                        "name the business key column; its value becomes the Kafka record key");
        if (keyColumn != null) {
            SpecRules.column(violations, JobSpecKey.SOURCE_KEY_COLUMN, keyColumn);
        }
        PointInTime pointInTime = pointInTime(format, keyColumn);
        return build(
                mark,
                () ->
                        new SourceSpec(
                                format,
                                Optional.ofNullable(path),
                                Optional.ofNullable(table),
                                csv,
                                keyColumn,
                                pointInTime),
                format,
                csv,
                keyColumn,
                pointInTime);
    }

    /** Options for csv, empty for other formats, null when they cannot be built. */
    private Optional<CsvOptions> csvOptions(SourceFormat format) {
        if (format != SourceFormat.CSV) {
            SpecRules.csv(violations, format, values.present(JobSpecKey.SOURCE_CSV));
            return format == null ? null : Optional.empty();
        }
        Boolean header = values.bool(JobSpecKey.SOURCE_CSV_HEADER);
        String delimiter = values.text(JobSpecKey.SOURCE_CSV_DELIMITER);
        if (delimiter != null) {
            int mark = violations.size();
            SpecRules.delimiter(violations, delimiter);
            if (violations.size() > mark) {
                return null;
            }
        }
        return Optional.of(
                new CsvOptions(
                        header == null ? CsvOptions.DEFAULT.header() : header,
                        delimiter == null ? CsvOptions.DEFAULT.delimiter() : delimiter.charAt(0)));
    }

    private PointInTime pointInTime(SourceFormat format, String businessKeyColumn) {
        int mark = violations.size();
        PointInTime.Mode mode =
                enumValue(JobSpecKey.POINT_IN_TIME_MODE, PointInTime.Mode.class, null);
        Instant instant = instant(JobSpecKey.POINT_IN_TIME_INSTANT);
        if (mode == null) {
            return null;
        }
        for (JobSpecKey key : MODE_KEYS.values().stream().flatMap(Set::stream).toList()) {
            if (values.present(key) && !MODE_KEYS.get(mode).contains(key)) {
                violations.add(
                        key.path(),
                        null,
                        "is not read in mode " + mode.key(),
                        "remove it; it belongs to mode " + modesReading(key));
            }
        }
        switch (mode) {
            case AS_OF:
                return asOf(mark, format, instant);
            case LATEST_PER_KEY:
                String version =
                        requiredText(
                                JobSpecKey.POINT_IN_TIME_VERSION_COLUMN,
                                "latest-per-key keeps each key's newest version not after the"
                                        + " instant: name the timestamp column that orders versions");
                String keyColumn = values.text(JobSpecKey.POINT_IN_TIME_KEY_COLUMN);
                if (instant == null) {
                    violations.missing(
                            JobSpecKey.POINT_IN_TIME_INSTANT.path(),
                            "set the instant versions may not be newer than, e.g. "
                                    + EXAMPLE_INSTANT);
                }
                String key = keyColumn == null ? businessKeyColumn : keyColumn;
                return build(
                        mark,
                        () -> new PointInTime.LatestPerKey(instant, key, version),
                        instant,
                        key,
                        version);
            case WINDOW:
                String eventTime =
                        requiredText(
                                JobSpecKey.POINT_IN_TIME_EVENT_TIME_COLUMN,
                                "name the event-time column the window applies to");
                Instant from = requiredInstant(JobSpecKey.POINT_IN_TIME_FROM);
                Instant to = requiredInstant(JobSpecKey.POINT_IN_TIME_TO);
                if (from != null && to != null) {
                    SpecRules.window(violations, from, to);
                }
                // The window is complete at its end, so that is when its snapshot is cut.
                Instant cut = instant == null ? to : instant;
                return build(
                        mark,
                        () -> new PointInTime.Window(cut, eventTime, from, to),
                        cut,
                        eventTime,
                        from,
                        to);
            default:
                throw new IllegalStateException("unknown mode " + mode);
        }
    }

    private PointInTime asOf(int mark, SourceFormat format, Instant instant) {
        Long snapshotId = values.integer(JobSpecKey.POINT_IN_TIME_SNAPSHOT_ID);
        String validFrom = values.text(JobSpecKey.POINT_IN_TIME_VALID_FROM_COLUMN);
        String validTo = values.text(JobSpecKey.POINT_IN_TIME_VALID_TO_COLUMN);
        String together =
                "valid-from-column and valid-to-column go together: set both"
                        + (format == SourceFormat.ICEBERG ? ", or neither for time travel" : "");
        if (validFrom != null && validTo == null) {
            violations.missing(JobSpecKey.POINT_IN_TIME_VALID_TO_COLUMN.path(), together);
        } else if (validTo != null && validFrom == null) {
            violations.missing(JobSpecKey.POINT_IN_TIME_VALID_FROM_COLUMN.path(), together);
        }
        if (validFrom != null) {
            SpecRules.column(violations, JobSpecKey.POINT_IN_TIME_VALID_FROM_COLUMN, validFrom);
        }
        if (validTo != null) {
            SpecRules.column(violations, JobSpecKey.POINT_IN_TIME_VALID_TO_COLUMN, validTo);
        }
        OptionalLong snapshot =
                snapshotId == null ? OptionalLong.empty() : OptionalLong.of(snapshotId);
        SpecRules.asOf(
                violations,
                format,
                Optional.ofNullable(instant),
                snapshot,
                validFrom != null || validTo != null);
        return build(
                mark,
                () ->
                        new PointInTime.AsOf(
                                Optional.ofNullable(instant),
                                snapshot,
                                validFrom == null
                                        ? Optional.empty()
                                        : Optional.of(new ValidityColumns(validFrom, validTo))));
    }

    private IngressSpec ingress() {
        int mark = violations.size();
        SchemaReference contract =
                schemaReference(
                                JobSpecKey.INGRESS_CONTRACT,
                                JobSpecKey.INGRESS_CONTRACT_AVSC,
                                JobSpecKey.INGRESS_CONTRACT_SUBJECT,
                                true)
                        .orElse(null);
        Map<String, String> columnMapping = values.map(JobSpecKey.INGRESS_COLUMN_MAPPING);
        SpecRules.columnMapping(violations, columnMapping);
        Long partitions = values.integer(JobSpecKey.INGRESS_PARTITIONS);
        if (partitions != null) {
            SpecRules.partitions(violations, partitions);
        }
        Double rejectBudget = values.decimal(JobSpecKey.INGRESS_REJECT_BUDGET);
        if (rejectBudget != null) {
            SpecRules.rejectBudget(violations, rejectBudget);
        }
        return build(
                mark,
                () ->
                        new IngressSpec(
                                contract,
                                columnMapping,
                                partitions == null
                                        ? IngressSpec.DEFAULT_PARTITIONS
                                        : partitions.intValue(),
                                rejectBudget == null
                                        ? IngressSpec.DEFAULT_REJECT_BUDGET
                                        : rejectBudget),
                contract);
    }

    private ServiceSpec service() {
        int mark = violations.size();
        String handler = values.text(JobSpecKey.SERVICE_HANDLER);
        if (handler != null) {
            SpecRules.handler(violations, handler);
        }
        Optional<SchemaReference> output =
                schemaReference(
                        JobSpecKey.SERVICE_OUTPUT,
                        JobSpecKey.SERVICE_OUTPUT_AVSC,
                        JobSpecKey.SERVICE_OUTPUT_SUBJECT,
                        false);
        Map<String, String> properties =
                EnvironmentReferences.resolve(
                        JobSpecKey.SERVICE_PROPERTIES,
                        values.map(JobSpecKey.SERVICE_PROPERTIES),
                        environment,
                        violations);
        return build(mark, () -> new ServiceSpec(Optional.ofNullable(handler), output, properties));
    }

    /**
     * Exactly one of a file and a subject; empty when an optional section is absent, and also when
     * the reference is invalid (which is then reported).
     */
    private Optional<SchemaReference> schemaReference(
            JobSpecKey section, JobSpecKey avscKey, JobSpecKey subjectKey, boolean required) {
        String avsc = values.text(avscKey);
        String subject = values.text(subjectKey);
        if (avsc != null && subject != null) {
            violations.add(
                    subjectKey.path(),
                    subject,
                    "is given together with " + avscKey.path(),
                    "give avsc (a schema file) or subject (a registry subject), not both");
            return Optional.empty();
        }
        if (avsc == null && subject == null) {
            if (required || values.present(section)) {
                violations.missing(
                        avscKey.path(),
                        "set "
                                + avscKey.path()
                                + " (an .avsc file) or "
                                + subjectKey.path()
                                + " (a registry subject)");
            }
            return Optional.empty();
        }
        int mark = violations.size();
        if (subject != null) {
            SpecRules.subject(violations, subjectKey.path(), subject);
            return violations.size() > mark
                    ? Optional.empty()
                    : Optional.of(new SchemaReference.RegistrySubject(subject));
        }
        Path path;
        try {
            path = Path.of(avsc);
        } catch (InvalidPathException e) {
            violations.invalid(avscKey.path(), avsc, "use a file path ending in .avsc");
            return Optional.empty();
        }
        SpecRules.avsc(violations, avscKey.path(), path);
        if (violations.size() > mark) {
            return Optional.empty();
        }
        // Paths in a spec file mean the same wherever the command runs; overrides are typed
        // where the command runs, so they stay relative to it.
        if (baseDirectory != null && !path.isAbsolute() && !values.overridden(avscKey)) {
            path = baseDirectory.resolve(path).normalize();
        }
        return Optional.of(new SchemaReference.AvscFile(path));
    }

    private URI warehouseRoot() {
        String text =
                requiredText(
                        JobSpecKey.WAREHOUSE_ROOT,
                        "set the URI outputs land under, e.g. file:///tmp/kappa-warehouse,"
                                + " hdfs://namenode:8020/warehouse or s3a://bucket/warehouse");
        URI root = uri(JobSpecKey.WAREHOUSE_ROOT, text, "use a file://, hdfs:// or s3a:// URI");
        if (root == null) {
            return null;
        }
        int mark = violations.size();
        SpecRules.warehouseRoot(violations, root);
        return violations.size() > mark ? null : root;
    }

    private ReconciliationTolerances reconciliation() {
        int mark = violations.size();
        Long maxMissing = values.integer(JobSpecKey.RECONCILIATION_MAX_MISSING);
        Long maxDuplicates = values.integer(JobSpecKey.RECONCILIATION_MAX_DUPLICATES);
        if (maxMissing != null) {
            SpecRules.tolerance(violations, JobSpecKey.RECONCILIATION_MAX_MISSING, maxMissing);
        }
        if (maxDuplicates != null) {
            SpecRules.tolerance(
                    violations, JobSpecKey.RECONCILIATION_MAX_DUPLICATES, maxDuplicates);
        }
        return build(
                mark,
                () ->
                        new ReconciliationTolerances(
                                maxMissing == null
                                        ? ReconciliationTolerances.NONE.maxMissing()
                                        : maxMissing,
                                maxDuplicates == null
                                        ? ReconciliationTolerances.NONE.maxDuplicates()
                                        : maxDuplicates));
    }

    private KafkaSpec kafka() {
        int mark = violations.size();
        String servers =
                requiredText(
                        JobSpecKey.KAFKA_BOOTSTRAP_SERVERS,
                        "use host:port[,host:port...], e.g. broker-1:9092,broker-2:9092");
        if (servers != null) {
            SpecRules.bootstrapServers(violations, servers);
        }
        Map<String, String> properties =
                EnvironmentReferences.resolve(
                        JobSpecKey.KAFKA_PROPERTIES,
                        values.map(JobSpecKey.KAFKA_PROPERTIES),
                        environment,
                        violations);
        SpecRules.kafkaProperties(violations, properties);
        return build(mark, () -> new KafkaSpec(servers, properties), servers);
    }

    private RegistrySpec registry() {
        int mark = violations.size();
        String text =
                requiredText(
                        JobSpecKey.REGISTRY_URL,
                        "set the schema registry's URL, e.g. http://registry:8081");
        URI url = null;
        if (text != null && text.contains("${")) {
            violations.add(
                    JobSpecKey.REGISTRY_URL.path(),
                    SpecRules.withoutUserInfo(text),
                    "holds a ${NAME} reference, which only kafka.properties,"
                            + " registry.properties and service.properties read",
                    "give credentials in registry.properties: basic.auth.credentials.source:"
                            + " USER_INFO and basic.auth.user.info: <user>:${PASSWORD}");
        } else {
            url = uri(JobSpecKey.REGISTRY_URL, text, "use an http:// or https:// URL");
        }
        if (url != null) {
            SpecRules.registryUrl(violations, url);
        }
        Map<String, String> properties =
                EnvironmentReferences.resolve(
                        JobSpecKey.REGISTRY_PROPERTIES,
                        values.map(JobSpecKey.REGISTRY_PROPERTIES),
                        environment,
                        violations);
        SpecRules.registryProperties(violations, properties);
        URI registryUrl = url;
        return build(mark, () -> new RegistrySpec(registryUrl, properties), registryUrl);
    }

    private String requiredText(JobSpecKey key, String expected) {
        String text = values.text(key);
        if (text == null) {
            violations.missing(key.path(), expected);
        }
        return text;
    }

    /**
     * The constant written as the key's value, its default when the key is absent (null: the key is
     * required), or null after reporting an unknown value: a typo never falls back to the default.
     */
    private <E extends Enum<E>> E enumValue(JobSpecKey key, Class<E> type, E defaultValue) {
        List<String> keys = SpecRules.keys(type);
        String text = values.text(key);
        if (text == null) {
            if (defaultValue == null) {
                violations.missing(key.path(), SpecRules.oneOf(keys));
            }
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (SpecRules.key(constant).equals(text)) {
                return constant;
            }
        }
        violations.invalid(key.path(), text, SpecRules.oneOf(keys) + ClosestMatch.hint(text, keys));
        return null;
    }

    private Instant instant(JobSpecKey key) {
        String text = values.text(key);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            violations.invalid(
                    key.path(),
                    text,
                    "use an ISO-8601 instant with a zone, e.g. " + EXAMPLE_INSTANT);
            return null;
        }
    }

    private Instant requiredInstant(JobSpecKey key) {
        Instant instant = instant(key);
        if (instant == null) {
            violations.missing(key.path(), "set an ISO-8601 instant, e.g. " + EXAMPLE_INSTANT);
        }
        return instant;
    }

    private URI uri(JobSpecKey key, String text, String expected) {
        if (text == null) {
            return null;
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            // e.getMessage() would quote the input; the reason does not.
            violations.invalid(
                    key.path(),
                    SpecRules.withoutUserInfo(text),
                    expected + " (" + e.getReason() + ")");
            return null;
        }
    }

    private static String modesReading(JobSpecKey key) {
        return String.join(
                " or ",
                MODE_KEYS.entrySet().stream()
                        .filter(entry -> entry.getValue().contains(key))
                        .map(entry -> entry.getKey().key())
                        .toList());
    }

    /**
     * Builds a part of the model once its inputs are known good: nothing was reported since {@code
     * mark} and no input is null. The constructor checks the same rules again; if it still refuses,
     * its violations are reported rather than thrown.
     */
    private <T> T build(int mark, Supplier<T> constructor, Object... inputs) {
        if (violations.size() > mark) {
            return null;
        }
        for (Object input : inputs) {
            if (input == null) {
                return null;
            }
        }
        try {
            return constructor.get();
        } catch (JobSpecException e) {
            violations.addAll(e.violations());
            return null;
        }
    }
}
