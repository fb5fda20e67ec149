package io.kappareplay.consumer.main;

import io.kappareplay.consumer.config.ConsumerConfig;
import io.kappareplay.consumer.config.ConsumerConfigException;
import io.kappareplay.consumer.config.RunMode;
import io.kappareplay.consumer.egress.OutputSchemaException;
import io.kappareplay.consumer.handler.HandlerLoadException;
import io.kappareplay.consumer.handler.HandlerLoader;
import io.kappareplay.consumer.handler.LoadedHandler;
import io.kappareplay.consumer.metrics.HealthState;
import io.kappareplay.consumer.metrics.MetricsServer;
import io.kappareplay.consumer.runtime.ReplayRuntime;
import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.registry.HttpSchemaRegistryClient;
import io.kappareplay.schemas.registry.RegistryClientConfig;
import io.kappareplay.schemas.spec.JobSpec;
import io.kappareplay.schemas.spec.JobSpecException;
import io.kappareplay.schemas.spec.JobSpecParser;
import io.kappareplay.schemas.spec.PointInTime;
import io.kappareplay.service.api.HandlerConfig;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The container entry point: one consumer runtime instance for the job spec given.
 *
 * <pre>{@code
 * java -cp 'kappa-service-consumer.jar:lib/*' io.kappareplay.consumer.main.ConsumerMain \
 *     --job-spec /etc/kappa/job.yaml --handler-jars /opt/handler/pricing.jar --mode job
 * }</pre>
 *
 * <p>Settings come from {@code KAPPA_CONSUMER_*} / {@code KAPPA_KAFKA_*} variables and flags
 * ({@code --help} lists them; see {@link ConsumerConfig}); Kafka security properties pass through
 * as {@code --kafka.<property>} or {@code KAPPA_KAFKA_<PROPERTY>}. The registry client is built
 * from the spec's {@code registry.url} and {@code registry.properties}.
 *
 * <p>Output: standard output carries only what a job lifecycle runner reads, the egress manifest
 * JSON ({@code egress.json}) once job mode has drained; every line for a person (the metrics port,
 * the manifest summary, errors) goes to standard error.
 *
 * <p>Metrics: {@code /metrics}, {@code /healthz} and {@code /readyz} on {@code metrics-port} (on
 * all interfaces; -1 = none), with the runtime's meters and the JVM, processor and uptime binders.
 * Live: the runtime has not failed and its poll loop came round within 2 x max(poll-timeout, 10 s)
 * plus {@link ReplayRuntime#longestLoopPause} (a revocation waiting for records in flight, or a
 * drain check waiting for the cluster). Ready: started and not stopping. The runtime binds Kafka's
 * own client metrics to the same registry.
 *
 * <p>SIGTERM (or Ctrl-C): a shutdown hook closes the runtime (stop fetching, drain within {@code
 * shutdown-timeout}, commit, close), stops the metrics server and ends the JVM with the exit code
 * below; it halts the JVM itself, since an exit that the signal started would otherwise end with
 * 143 whatever happened. Job mode stopped that way must not exit 0: a Kubernetes Job (or any
 * runner) would take it for a finished replay and start no replacement.
 *
 * <p>Exit codes:
 *
 * <ul>
 *   <li>0: job mode drained ingress (the manifest is on standard output), or continuous mode was
 *       stopped by SIGTERM and shut down cleanly; also {@code --help}
 *   <li>1: the runtime failed (a fatal handler error, a failed dead letter, Kafka or the registry
 *       unusable at start, the handler's {@code open} failed): the cause is on standard error
 *   <li>2: bad configuration, job spec, handler jar or class, output schema (none declared, or
 *       refused by the registry), registry settings, or metrics port: every problem is on standard
 *       error, nothing was consumed
 *   <li>3: job mode was stopped by SIGTERM before ingress was drained and shut down cleanly: what
 *       finished is committed, and a new instance carries on from there (no manifest)
 * </ul>
 */
public final class ConsumerMain {
    /** Job mode drained, or a clean stop. */
    public static final int EXIT_OK = 0;

    /** The runtime failed. */
    public static final int EXIT_FAILED = 1;

    /** Bad configuration, spec, handler, output schema or registry settings. */
    public static final int EXIT_BAD_CONFIGURATION = 2;

    /** Job mode stopped by SIGTERM before the job drained: work remains for another instance. */
    public static final int EXIT_STOPPED_BEFORE_DRAINED = 3;

    /** How long the shutdown hook waits for the main thread's verdict once the runtime stopped. */
    private static final Duration VERDICT_WAIT = Duration.ofSeconds(10);

    private final PrintStream out;
    private final PrintStream err;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

    /** Package-private, with {@link #run}, so that a unit test can run an instance in its JVM. */
    ConsumerMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = new ConsumerMain(System.out, System.err).run(List.of(args), System.getenv());
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /**
     * Runs one instance to its end.
     *
     * @return the exit code
     */
    int run(List<String> args, Map<String, String> environment) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(
                    "Usage: ConsumerMain --job-spec <file> [--handler-jars <jars>] [settings]\n");
            out.print(ConsumerConfig.usage());
            return EXIT_OK;
        }
        ConsumerConfig config;
        JobSpec spec;
        try {
            config = ConsumerConfig.load(Map.of(), environment, args);
            spec = new JobSpecParser(environment).parse(config.jobSpec());
        } catch (ConsumerConfigException | JobSpecException e) {
            err.println(e.getMessage());
            return EXIT_BAD_CONFIGURATION;
        }
        HttpSchemaRegistryClient registry;
        try {
            Map<String, String> registrySettings = new HashMap<>(spec.registry().properties());
            registrySettings.put(RegistryClientConfig.URL, spec.registry().url().toString());
            registry = new HttpSchemaRegistryClient(RegistryClientConfig.from(registrySettings));
        } catch (IllegalArgumentException e) {
            err.println("Invalid registry settings in " + config.jobSpec() + ": " + e.getMessage());
            return EXIT_BAD_CONFIGURATION;
        }
        LoadedHandler handler;
        try {
            handler = HandlerLoader.load(config.handlerJars(), spec.service().handler());
        } catch (HandlerLoadException e) {
            err.println("Cannot load the handler: " + e.getMessage());
            return EXIT_BAD_CONFIGURATION;
        }
        try {
            handler.open(
                    new HandlerConfig(
                            spec.jobId(), snapshotInstant(spec), spec.service().properties()));
        } catch (Exception e) {
            err.println("The handler " + handler + " failed to open: " + e);
            closeQuietly(handler);
            return EXIT_FAILED;
        }

        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(prometheus);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        new UptimeMetrics().bindTo(prometheus);

        ReplayRuntime runtime;
        try {
            // A consumer group or a share group, as the spec's group-type says.
            runtime =
                    ReplayRuntime.create(
                            spec,
                            config,
                            handler,
                            config.kafkaClientProperties(spec.kafka()),
                            registry,
                            prometheus);
        } catch (OutputSchemaException e) {
            // No output schema, or one the registry refuses: the spec or the handler needs a fix,
            // which a restart would not bring. An unreachable registry falls through to exit 1.
            err.println(e.getMessage());
            closeQuietly(handler);
            return EXIT_BAD_CONFIGURATION;
        } catch (ConsumerConfigException e) {
            // Settings that only the topics can refute, such as ingress end offsets.
            err.println(e.getMessage());
            closeQuietly(handler);
            return EXIT_BAD_CONFIGURATION;
        } catch (RuntimeException e) {
            err.println("Cannot start job " + spec.jobId() + ": " + e);
            closeQuietly(handler);
            return EXIT_FAILED;
        }

        MetricsServer server = null;
        if (config.metricsPort() != -1) {
            try {
                server =
                        MetricsServer.start(
                                "0.0.0.0",
                                config.metricsPort(),
                                prometheus,
                                new RuntimeHealth(runtime, config));
            } catch (UncheckedIOException e) {
                err.println(e.getMessage());
                runtime.close();
                return EXIT_BAD_CONFIGURATION;
            }
            err.println("Serving /metrics, /healthz and /readyz on port " + server.port());
        }

        MetricsServer started = server;
        Thread hook =
                new Thread(
                        () -> {
                            runtime.close();
                            if (started != null) {
                                started.close();
                            }
                            int code;
                            try {
                                code = exitCode.get(VERDICT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                            } catch (Exception noVerdict) {
                                code = runtime.failure().isPresent() ? EXIT_FAILED : EXIT_OK;
                            }
                            out.flush();
                            err.flush();
                            Runtime.getRuntime().halt(code);
                        },
                        "kappa-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        err.println(
                "Job "
                        + spec.jobId()
                        + " starting in "
                        + config.mode().name().toLowerCase(Locale.ROOT)
                        + " mode with "
                        + handler);
        runtime.start();
        try {
            // A replay may take days: the runtime itself (drained, failed) or the hook ends it.
            boolean stopped = false;
            while (!stopped) {
                stopped = runtime.awaitTermination(Duration.ofMinutes(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runtime.close();
        }
        int code = verdict(runtime, config, spec);
        exitCode.complete(code);
        try {
            // Ended by itself: the exit that follows runs the JVM's other hooks (a flight
            // recording's dump, for one), which the hook's halt would cut short.
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // A signal started the shutdown: the hook ends the JVM with this verdict.
        }
        if (server != null) {
            server.close();
        }
        gc.close();
        return code;
    }

    private int verdict(ReplayRuntime runtime, ConsumerConfig config, JobSpec spec) {
        if (runtime.failure().isPresent()) {
            err.println("Job failed: " + runtime.failure().get());
            return EXIT_FAILED;
        }
        if (runtime.drained()) {
            EgressManifest manifest = runtime.egressManifest();
            err.println(
                    "Job "
                            + manifest.job()
                            + " drained at "
                            + manifest.drainedAt()
                            + ": "
                            + manifest.egress().records()
                            + " records on "
                            + manifest.egress().topic()
                            + " ("
                            + manifest.egress().partitions().size()
                            + " partitions), "
                            + manifest.dlq().records()
                            + " on "
                            + manifest.dlq().topic());
            out.println(manifest.toJson());
            out.flush();
            return EXIT_OK;
        }
        if (config.mode() == RunMode.JOB) {
            err.println(
                    "Job "
                            + spec.jobId()
                            + " stopped before its ingress was drained; no manifest. What"
                            + " finished is committed: a new instance carries on from there");
            return EXIT_STOPPED_BEFORE_DRAINED;
        }
        return EXIT_OK;
    }

    /**
     * The instant the handler is opened with: the spec's point in time. A spec that names only an
     * Iceberg snapshot id gives no instant here, so the epoch stands for it; each record's context
     * carries the real one from its {@code kappa.snapshot} header.
     */
    static Instant snapshotInstant(JobSpec spec) {
        PointInTime pointInTime = spec.source().pointInTime();
        if (pointInTime instanceof PointInTime.AsOf asOf) {
            return asOf.instant().orElse(Instant.EPOCH);
        } else if (pointInTime instanceof PointInTime.LatestPerKey latest) {
            return latest.instant();
        } else if (pointInTime instanceof PointInTime.Window window) {
            return window.instant();
        }
        throw new IllegalStateException("unknown point in time " + pointInTime);
    }

    private void closeQuietly(LoadedHandler handler) {
        try {
            handler.close();
        } catch (Exception e) {
            err.println("Closing the handler failed: " + e);
        }
    }

    /** The probes' view of the runtime. */
    static final class RuntimeHealth implements HealthState {
        private final ReplayRuntime runtime;
        private final long staleNanos;

        RuntimeHealth(ReplayRuntime runtime, ConsumerConfig config) {
            this.runtime = runtime;
            Duration loop =
                    config.pollTimeout().compareTo(Duration.ofSeconds(10)) > 0
                            ? config.pollTimeout()
                            : Duration.ofSeconds(10);
            this.staleNanos =
                    loop.multipliedBy(2).plus(ReplayRuntime.longestLoopPause(config)).toNanos();
        }

        @Override
        public boolean live() {
            return runtime.failure().isEmpty() && sinceLoopNanos() < staleNanos;
        }

        @Override
        public boolean ready() {
            return runtime.running();
        }

        @Override
        public String describe() {
            if (runtime.failure().isPresent()) {
                return "failed: " + runtime.failure().get();
            }
            long since = TimeUnit.NANOSECONDS.toMillis(sinceLoopNanos());
            return (runtime.running() ? "running" : "not running")
                    + ", poll loop last came round "
                    + since
                    + " ms ago";
        }

        private long sinceLoopNanos() {
            return System.nanoTime() - runtime.lastLoopNanos();
        }
    }
}
