package io.kappareplay.publisher;

import static java.util.Objects.requireNonNull;

import io.kappareplay.publisher.contract.ContractMismatchException;
import io.kappareplay.publisher.job.JobArguments;
import io.kappareplay.publisher.job.JobArgumentsException;
import io.kappareplay.publisher.job.JobSetupException;
import io.kappareplay.publisher.job.Progress;
import io.kappareplay.publisher.job.PublishPipeline;
import io.kappareplay.publisher.job.PublisherResult;
import io.kappareplay.publisher.job.RejectBudgetExceededException;
import io.kappareplay.publisher.publish.IncompatibleContractException;
import io.kappareplay.publisher.publish.IngressTopicRefusedException;
import io.kappareplay.publisher.publish.PublishConfigException;
import io.kappareplay.publisher.source.SourceException;
import io.kappareplay.schemas.spec.JobSpec;
import io.kappareplay.schemas.spec.JobSpecException;
import io.kappareplay.schemas.spec.JobSpecParser;
import io.kappareplay.schemas.spec.SourceFormat;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The ingress publisher's entry point: publishes the point-in-time snapshot a job spec describes to
 * {@code kappa.<job>.ingress}, writes the rejects, the ledger and the manifest under the warehouse
 * root, and fails if more rows were rejected than the spec allows.
 *
 * <pre>{@code
 * spark-submit --class io.kappareplay.publisher.IngressPublisherJob \
 *     kappa-ingress-publisher-<version>-spark-app.jar \
 *     --spec jobs/orders.yaml --set source.point-in-time.instant=2024-06-30T00:00:00Z --replace
 * }</pre>
 *
 * In-process (one-machine mode, tests), on a session the caller owns:
 *
 * <pre>{@code
 * PublisherResult result = new IngressPublisherJob(System.err, System.getenv())
 *         .run(spark, List.of("--spec", "jobs/orders.yaml"));
 * result.manifest().records();
 * }</pre>
 *
 * <p>Flags: {@link JobArguments}. Exit codes: 0 published; 2 the spec, a flag, the source's shape,
 * the contract or the ingress topic does not allow the run (nothing was published; the message
 * names the key and the fix); 1 anything else, including a reject rate above the budget (after the
 * rejects, ledger and manifest are written). Progress goes to stderr.
 */
public final class IngressPublisherJob {
    /** The run published the snapshot. */
    public static final int EXIT_OK = 0;

    /** The run failed: Kafka, the registry, Spark, or a reject rate above the budget. */
    public static final int EXIT_FAILED = 1;

    /** The spec, a flag, the source or the contract does not allow the run; nothing published. */
    public static final int EXIT_BAD_SPEC = 2;

    private final PrintStream err;
    private final Map<String, String> environment;

    /**
     * @param err where progress and errors go
     * @param environment what {@code ${NAME}} references in the spec's client properties read
     */
    public IngressPublisherJob(PrintStream err, Map<String, String> environment) {
        this.err = requireNonNull(err, "err");
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        int code = new IngressPublisherJob(System.err, System.getenv()).submit(List.of(args));
        System.exit(code);
    }

    /**
     * Runs the job on a session of its own, as {@code spark-submit} starts it: with Hive support
     * when the source is a Hive table.
     */
    int submit(List<String> arguments) {
        JobArguments parsed;
        JobSpec spec;
        try {
            parsed = JobArguments.parse(arguments);
            if (parsed.help()) {
                err.print(JobArguments.usage());
                return EXIT_OK;
            }
            spec = spec(parsed);
        } catch (JobArgumentsException | JobSpecException e) {
            err.println(e.getMessage());
            return EXIT_BAD_SPEC;
        }
        SparkSession.Builder builder =
                SparkSession.builder().appName("kappa-publisher " + spec.jobId());
        if (spec.source().format() == SourceFormat.HIVE) {
            builder.enableHiveSupport();
        }
        SparkSession spark = builder.getOrCreate();
        try {
            return execute(spark, parsed, spec);
        } finally {
            spark.stop();
        }
    }

    /**
     * Runs the job on {@code spark} and returns its exit code, printing why it failed.
     *
     * @return {@link #EXIT_OK}, {@link #EXIT_BAD_SPEC} or {@link #EXIT_FAILED}
     */
    public int execute(SparkSession spark, List<String> arguments) {
        try {
            JobArguments parsed = JobArguments.parse(arguments);
            if (parsed.help()) {
                err.print(JobArguments.usage());
                return EXIT_OK;
            }
            return execute(spark, parsed, spec(parsed));
        } catch (JobArgumentsException | JobSpecException e) {
            err.println(e.getMessage());
            return EXIT_BAD_SPEC;
        }
    }

    /**
     * Runs the job on {@code spark}, a session the caller owns and stops.
     *
     * @throws JobArgumentsException for a flag that is not valid
     * @throws JobSpecException for a spec that is not valid
     * @throws RejectBudgetExceededException when more rows were rejected than the budget allows,
     *     after the rejects, ledger and manifest are written
     */
    public PublisherResult run(SparkSession spark, List<String> arguments) {
        JobArguments parsed = JobArguments.parse(arguments);
        return run(spark, parsed, spec(parsed));
    }

    private PublisherResult run(SparkSession spark, JobArguments arguments, JobSpec spec) {
        return new PublishPipeline(
                        spark, spec, arguments.publisherOptions(), new Progress(err, spec.jobId()))
                .run();
    }

    private int execute(SparkSession spark, JobArguments arguments, JobSpec spec) {
        try {
            run(spark, arguments, spec);
            return EXIT_OK;
        } catch (JobArgumentsException
                | PublishConfigException
                | SourceException
                | ContractMismatchException
                | IngressTopicRefusedException
                | IncompatibleContractException
                | JobSetupException e) {
            err.println("Job " + spec.jobId() + " cannot run: " + e.getMessage());
            return EXIT_BAD_SPEC;
        } catch (RejectBudgetExceededException e) {
            err.println(e.getMessage());
            return EXIT_FAILED;
        } catch (Exception e) {
            // Spark reports a failed task as a SparkException, which Java sees as checked.
            err.println("Job " + spec.jobId() + " failed: " + e);
            e.printStackTrace(err);
            return EXIT_FAILED;
        }
    }

    private JobSpec spec(JobArguments arguments) {
        return new JobSpecParser(environment).parse(arguments.specFile(), arguments.overrides());
    }
}
