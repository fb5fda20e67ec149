package io.kappareplay.sink;

import io.kappareplay.schemas.manifest.SinkManifest;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.sink.bounded.BoundedCompletion;
import io.kappareplay.sink.bounded.IncompleteLandingException;
import io.kappareplay.sink.bounded.LandedTables;
import io.kappareplay.sink.bounded.StopOffsets;
import io.kappareplay.sink.bounded.StopOffsetsException;
import io.kappareplay.sink.bounded.TopicExtent;
import io.kappareplay.sink.options.SinkArguments;
import io.kappareplay.sink.options.SinkConfigException;
import io.kappareplay.sink.options.SinkMode;
import io.kappareplay.sink.options.SinkOptions;
import io.kappareplay.sink.pipeline.InjectedTaskFailure;
import io.kappareplay.sink.pipeline.SinkPipeline;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;

/**
 * The egress sink: lands a job's egress and DLQ topics as Parquet under the warehouse root. Run it
 * with {@code flink run} (attached: a bounded run writes its manifest once the job has finished),
 * or as a plain Java program, which runs it in an in-process MiniCluster on loopback.
 *
 * <pre>{@code
 * flink run -c io.kappareplay.sink.EgressSinkJob kappa-egress-sink-flink-app.jar \
 *     --job orders --bootstrap-servers kafka:9092 --registry-url http://registry:8081 \
 *     --warehouse hdfs://namenode:8020/warehouse
 * }</pre>
 *
 * Exit status: 0 done, 2 bad flags or no egress.json, 1 anything else (the message says what).
 */
public final class EgressSinkJob {
    private EgressSinkJob() {}

    /** A progress line on stderr, as the publisher prints its own. */
    private static void progress(JobNames job, String line) {
        System.err.println("[kappa-sink " + job.jobId() + "] " + line);
    }

    public static void main(String[] args) throws Exception {
        SinkArguments arguments;
        try {
            arguments = SinkArguments.parse(List.of(args));
            if (arguments.options().isEmpty()) {
                System.out.print(SinkArguments.usage());
                return;
            }
            run(arguments.options().get(), Optional.empty());
        } catch (SinkConfigException | StopOffsetsException e) {
            System.err.println("egress-sink: " + e.getMessage());
            System.err.println("Run with --help for the flags.");
            System.exit(2);
        } catch (IncompleteLandingException e) {
            System.err.println("egress-sink: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Runs the sink until it ends: in bounded mode, until the stop offsets are landed and
     * committed, then marks the partitions complete and returns the manifest; in continuous mode,
     * until the job is cancelled.
     *
     * @param failure a task failure to inject (recovery test only)
     */
    public static Optional<SinkManifest> run(
            SinkOptions options, Optional<InjectedTaskFailure> failure) throws Exception {
        if (options.mode() == SinkMode.CONTINUOUS) {
            startContinuous(options, failure).getJobExecutionResult().get();
            return Optional.empty();
        }
        StreamExecutionEnvironment environment = SinkPipeline.environment(options);
        JobNames job = options.boundedJob();
        StopOffsets stop = StopOffsets.read(options.egressManifestLocation(), job);
        refuseLandedBefore(options, job);
        Map<String, Object> client = new HashMap<>(options.kafkaProperties());
        client.put("bootstrap.servers", options.bootstrapServers());
        Map<TopicPartition, Long> earliest =
                TopicExtent.earliestOffsets(client, stop.offsets().keySet());
        SinkPipeline.build(environment, options, Optional.of(stop), failure);
        long started = System.nanoTime();
        JobExecutionResult result =
                environment.execute("kappa egress sink (bounded, " + job.jobId() + ")");
        progress(
                job,
                String.format(
                        Locale.ROOT,
                        "Flink job finished in %.1f s (%.1f s of it running); checking the"
                                + " landed files against %s",
                        (System.nanoTime() - started) / 1e9,
                        result.getNetRuntime() / 1e3,
                        stop.location()));
        long completing = System.nanoTime();
        SinkManifest manifest =
                BoundedCompletion.complete(
                        options.warehouse(),
                        job,
                        stop,
                        earliest,
                        TopicExtent.committedAfter(client, stop.offsets()));
        progress(
                job,
                String.format(
                        Locale.ROOT,
                        "%d egress and %d DLQ rows landed, complete=%s; read back and marked in"
                                + " %.1f s",
                        manifest.egressRows(),
                        manifest.dlqRows(),
                        manifest.complete(),
                        (System.nanoTime() - completing) / 1e9));
        return Optional.of(manifest);
    }

    /**
     * Submits continuous mode and returns once the job runs; it runs until cancelled through the
     * returned client (or by the cluster).
     *
     * @param failure a task failure to inject (recovery test only)
     */
    public static JobClient startContinuous(
            SinkOptions options, Optional<InjectedTaskFailure> failure) throws Exception {
        if (options.mode() != SinkMode.CONTINUOUS) {
            throw new IllegalArgumentException("not continuous mode: " + options.mode());
        }
        StreamExecutionEnvironment environment = SinkPipeline.environment(options);
        SinkPipeline.build(environment, options, Optional.empty(), failure);
        return environment.executeAsync(
                "kappa egress sink (continuous, " + options.topicPattern() + ")");
    }

    /**
     * A second bounded run into the same directories would land every row twice: the files of a
     * finished or failed run must be removed (or moved) first.
     */
    private static void refuseLandedBefore(SinkOptions options, JobNames job) {
        int files = LandedTables.read(options.warehouse(), job).files();
        if (files > 0) {
            throw new SinkConfigException(
                    "Job "
                            + job.jobId()
                            + " already has "
                            + files
                            + " landed file(s) under "
                            + job.egressPath(options.warehouse())
                            + " or "
                            + job.dlqPath(options.warehouse())
                            + ": a bounded run lands the whole job, so it would land those rows"
                            + " twice. Delete both directories and "
                            + job.sinkManifest(options.warehouse())
                            + " to land it again");
        }
    }
}
