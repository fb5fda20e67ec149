package io.kappareplay.publisher.job;

import static java.util.Objects.requireNonNull;

import io.kappareplay.publisher.contract.ContractBinding;
import io.kappareplay.publisher.contract.RowCoercer;
import io.kappareplay.publisher.manifest.IngressReadBack;
import io.kappareplay.publisher.publish.ContractRegistration;
import io.kappareplay.publisher.publish.IngressTopicGuard;
import io.kappareplay.publisher.publish.PartitionPublisher;
import io.kappareplay.publisher.publish.PublishOptionKey;
import io.kappareplay.publisher.publish.PublishOptions;
import io.kappareplay.publisher.source.SnapshotReader;
import io.kappareplay.publisher.source.SourceSnapshot;
import io.kappareplay.schemas.manifest.IngressManifest;
import io.kappareplay.schemas.manifest.PartitionSummary;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.registry.HttpSchemaRegistryClient;
import io.kappareplay.schemas.registry.NotFoundException;
import io.kappareplay.schemas.registry.RegistryClientConfig;
import io.kappareplay.schemas.registry.SchemaRegistryClient;
import io.kappareplay.schemas.spec.JobSpec;
import io.kappareplay.schemas.spec.SchemaReference;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.apache.avro.Schema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.RowEncoder;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One publish run, step by step on the driver: cut the source ({@link SnapshotReader}), match it
 * against the contract and print the report (stopping on errors before anything is published),
 * register the contract under {@code kappa.<job>.ingress-value}, prepare the ingress topic, run one
 * {@link PartitionTask} per Spark partition (publishing and writing the rejects in one pass), read
 * the topic back read_committed for the ledger and the manifest, and check the reject budget.
 *
 * <p>The Spark partition count is {@code spark.sql.shuffle.partitions}: each partition is one Kafka
 * transaction and one producer, so it also sets how many transactions run at once (executor cores).
 */
public final class PublishPipeline {
    /**
     * Spark configuration keys {@code spark.kappa.publisher.*} are publisher options ({@code
     * spark-submit --conf}, or set on the session at run time).
     */
    static final String SPARK_CONF_PREFIX = "spark.";

    /** The types a key column may have; {@link #checkKeyType} says why. */
    private static final Set<DataType> KEY_TYPES =
            Set.of(
                    DataTypes.StringType,
                    DataTypes.ByteType,
                    DataTypes.ShortType,
                    DataTypes.IntegerType,
                    DataTypes.LongType);

    private final SparkSession spark;
    private final JobSpec spec;
    private final PublishOptions options;
    private final Progress progress;

    /**
     * @param options the publisher options given on the command line, over those of the Spark
     *     configuration
     */
    public PublishPipeline(
            SparkSession spark, JobSpec spec, Map<String, String> options, Progress progress) {
        this.spark = requireNonNull(spark, "spark");
        this.spec = requireNonNull(spec, "spec");
        this.progress = requireNonNull(progress, "progress");
        Map<String, String> merged = new LinkedHashMap<>();
        CollectionConverters.asJava(spark.conf().getAll())
                .forEach(
                        (key, value) -> {
                            if (key.startsWith(SPARK_CONF_PREFIX + PublishOptionKey.PREFIX)) {
                                merged.put(key.substring(SPARK_CONF_PREFIX.length()), value);
                            }
                        });
        merged.putAll(options);
        this.options = PublishOptions.fromProperties(merged);
    }

    /**
     * @throws RejectBudgetExceededException after everything is written, when the share of rejected
     *     rows is above {@code ingress.reject-budget}
     */
    public PublisherResult run() {
        Instant started = Instant.now();
        JobNames names = spec.names();
        URI root = spec.warehouseRoot();
        String keyColumn = spec.source().keyColumn();

        SourceSnapshot snapshot = new SnapshotReader(spark).read(spec.source());
        progress.line(
                "source: " + snapshot.description() + "; snapshot instant " + snapshot.instant());

        SchemaRegistryClient registry = registry();
        Schema contract = contract(registry, names);
        ContractBinding binding =
                ContractBinding.bind(
                        snapshot.columns(), keyColumn, spec.ingress().columnMapping(), contract);
        progress.block(binding.report().toTable());
        RowCoercer coercer = binding.coercer();
        checkKeyType(snapshot, keyColumn);

        String subject = ContractRegistration.subject(names);
        int schemaId = new ContractRegistration(registry).register(names, contract);
        progress.line(
                "contract "
                        + contract.getFullName()
                        + " is schema id "
                        + schemaId
                        + " under "
                        + subject);

        Map<String, String> kafka = kafkaProperties();
        PartitionPublisher publisher =
                new PartitionPublisher(spec.jobId(), snapshot.instant(), kafka, options);
        IngressTopicGuard.Outcome topic =
                new IngressTopicGuard(kafka, options).prepare(names, spec.ingress().partitions());
        progress.line(
                names.ingressTopic()
                        + ": "
                        + topic.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + ", "
                        + spec.ingress().partitions()
                        + " partitions");

        int tasks = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
        LongAccumulator rows = spark.sparkContext().longAccumulator("kappa.publisher.rows");
        LongAccumulator rejected =
                spark.sparkContext().longAccumulator("kappa.publisher.rejected-rows");
        TaskFault fault = TaskFault.from(spark.conf()).orElse(null);
        if (fault != null) {
            progress.line(
                    "TEST ONLY ("
                            + TaskFault.CONF_KEY
                            + "): attempt 0 of Spark partition "
                            + fault.sparkPartition()
                            + " fails after "
                            + fault.afterRecords()
                            + " records");
        }
        PartitionTask task =
                new PartitionTask(
                        coercer,
                        publisher,
                        snapshot.columns(),
                        keyColumn,
                        schemaId,
                        rows,
                        rejected,
                        fault);
        URI rejectsPath = names.rejectsPath(root);
        progress.line(
                "publishing in " + tasks + " Spark partitions (spark.sql.shuffle.partitions)");
        long publishStart = System.nanoTime();
        Dataset<Row> rejects =
                snapshot.inPublishingOrder(keyColumn, tasks)
                        .mapPartitions(task, Encoders.row(RejectRows.SCHEMA));
        rejects.write().mode(SaveMode.Overwrite).parquet(rejectsPath.toString());
        Duration publishTime = Duration.ofNanos(System.nanoTime() - publishStart);
        long undatable = writeUndatable(snapshot, keyColumn, rejectsPath);
        long sourceRows = rows.value() + undatable;
        long rejectedRows = rejected.value() + undatable;
        long published = rows.value() - rejected.value();
        progress.line(
                String.format(
                        Locale.ROOT,
                        "published %d of %d rows in %.1f s (%.0f rows/s); %d rejected (%d of"
                                + " them without a point in time), in %s",
                        published,
                        sourceRows,
                        publishTime.toNanos() / 1e9,
                        rows.value() / Math.max(publishTime.toNanos() / 1e9, 1e-9),
                        rejectedRows,
                        undatable,
                        rejectsPath));

        URI ledgerPath = names.ledgerPath(root);
        List<PartitionSummary> partitions =
                readBack(
                        new IngressReadBack(kafka, names.ingressTopic(), options.readBackTimeout()),
                        ledgerPath,
                        tasks);
        IngressManifest manifest =
                IngressManifest.of(
                        spec.jobId(),
                        snapshot.instant(),
                        snapshot.sourceSnapshotId().orElse(null),
                        started,
                        Instant.now(),
                        sourceRows,
                        rejectedRows,
                        partitions);
        URI manifestPath = names.ingressManifest(root);
        WarehouseFiles.writeManifest(spark, manifestPath, manifest);
        progress.line(
                "read back "
                        + manifest.records()
                        + " committed records"
                        + (manifest.surplusRecords() == 0
                                ? ""
                                : " (" + manifest.surplusRecords() + " beyond the accepted rows)")
                        + "; manifest "
                        + manifestPath
                        + ", ledger "
                        + ledgerPath);

        PublisherResult result =
                new PublisherResult(
                        manifest,
                        binding.report(),
                        manifestPath,
                        rejectsPath,
                        ledgerPath,
                        publishTime);
        double budget = spec.ingress().rejectBudget();
        if (result.rejectRate() > budget) {
            throw new RejectBudgetExceededException(
                    String.format(
                            Locale.ROOT,
                            "Job %s: %d of %d rows were rejected (%.4f%%), above"
                                    + " ingress.reject-budget %s (%.4f%%). The rejects, with the"
                                    + " field and reason of each, are in %s; the %d accepted rows"
                                    + " are on %s (manifest %s). Fix the source or the column"
                                    + " mapping and publish again with --replace, or raise"
                                    + " ingress.reject-budget",
                            spec.jobId(),
                            manifest.rejects(),
                            manifest.sourceRows(),
                            result.rejectRate() * 100,
                            budget,
                            budget * 100,
                            rejectsPath,
                            manifest.records(),
                            names.ingressTopic(),
                            manifestPath),
                    result);
        }
        return result;
    }

    /**
     * Reads the topic back read_committed in up to {@code tasks} Spark tasks ({@link LedgerTask}),
     * each to the end offsets fixed here first, writing the ledger as it reads.
     *
     * @return the summary of every Kafka partition
     */
    private List<PartitionSummary> readBack(IngressReadBack readBack, URI ledgerPath, int tasks) {
        SortedMap<Integer, Long> endOffsets = readBack.settledEndOffsets();
        CollectionAccumulator<PartitionSummary> summaries =
                spark.sparkContext().collectionAccumulator("kappa.publisher.read-back");
        spark.createDataset(new ArrayList<>(endOffsets.keySet()), Encoders.INT())
                .repartition(Math.min(tasks, endOffsets.size()))
                .mapPartitions(
                        new LedgerTask(readBack, endOffsets, summaries),
                        // Lenient: publish_time is an Instant whatever the session's
                        // spark.sql.datetime.java8API.enabled says.
                        RowEncoder.encoderFor(WarehouseFiles.LEDGER_SCHEMA, true))
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(ledgerPath.toString());
        List<PartitionSummary> partitions = new ArrayList<>(summaries.value());
        if (partitions.size() != endOffsets.size()) {
            throw new IllegalStateException(
                    "The read-back of "
                            + readBack.topic()
                            + " summed up "
                            + partitions.size()
                            + " of its "
                            + endOffsets.size()
                            + " partitions: a defect of the publisher; report it");
        }
        return partitions;
    }

    /** The spec's {@code kafka} section as client properties. */
    private Map<String, String> kafkaProperties() {
        Map<String, String> kafka = new LinkedHashMap<>();
        kafka.put("bootstrap.servers", spec.kafka().bootstrapServers());
        kafka.putAll(spec.kafka().properties());
        return kafka;
    }

    private SchemaRegistryClient registry() {
        Map<String, String> settings = new LinkedHashMap<>(spec.registry().properties());
        settings.put(RegistryClientConfig.URL, spec.registry().url().toString());
        try {
            return new HttpSchemaRegistryClient(RegistryClientConfig.from(settings));
        } catch (IllegalArgumentException e) {
            throw new JobSetupException(
                    "Job "
                            + spec.jobId()
                            + ": the registry settings are not valid ("
                            + e.getMessage()
                            + "); fix registry.url or registry.properties in the job spec",
                    e);
        }
    }

    /** The contract: the spec's {@code .avsc} file, or the latest schema of its subject. */
    private Schema contract(SchemaRegistryClient registry, JobNames names) {
        SchemaReference reference = spec.ingress().contract();
        if (reference instanceof SchemaReference.AvscFile file) {
            try {
                return new Schema.Parser().parse(file.path().toFile());
            } catch (IOException | RuntimeException e) {
                // Avro 1.12 throws a NullPointerException for a type name it cannot resolve.
                throw new JobSetupException(
                        "Job "
                                + names.jobId()
                                + ": ingress.contract.avsc "
                                + file.path()
                                + " is not a readable Avro schema ("
                                + e.getMessage()
                                + "); fix the file, or the path in the job spec",
                        e);
            }
        }
        String subject = ((SchemaReference.RegistrySubject) reference).subject();
        try {
            return registry.latestVersion(subject).schema();
        } catch (NotFoundException e) {
            throw new JobSetupException(
                    "Job "
                            + names.jobId()
                            + ": ingress.contract.subject "
                            + subject
                            + " has no schema in the registry ("
                            + e.getMessage()
                            + "); register the contract under it first, or fix"
                            + " ingress.contract in the job spec",
                    e);
        }
    }

    /**
     * Appends the rows the point in time could not place to the rejects: a row without the instant
     * its mode cuts by is neither in the snapshot nor rightly out of it.
     *
     * @return how many there were
     */
    private long writeUndatable(SourceSnapshot snapshot, String keyColumn, URI rejectsPath) {
        if (snapshot.undatable().isEmpty()) {
            return 0;
        }
        Dataset<Row> undatable =
                RejectRows.undatable(snapshot.undatable().get(), snapshot.columns(), keyColumn);
        long count = undatable.count();
        if (count > 0) {
            undatable.write().mode(SaveMode.Append).parquet(rejectsPath.toString());
        }
        return count;
    }

    /**
     * The key column must hold text or whole numbers: the record key is their text, and Kafka
     * partitions by its bytes, so a type with several spellings (a decimal, a timestamp) would
     * split a key's history over partitions.
     */
    private void checkKeyType(SourceSnapshot snapshot, String keyColumn) {
        DataType type = snapshot.columns().apply(keyColumn).dataType();
        if (!KEY_TYPES.contains(type)) {
            throw new JobSetupException(
                    "Job "
                            + spec.jobId()
                            + ": source.key-column "
                            + keyColumn
                            + " is "
                            + type.simpleString()
                            + "; a record key is text or a whole number (string, tinyint,"
                            + " smallint, int, bigint): name such a column, or derive one in"
                            + " the source",
                    null);
        }
    }
}
