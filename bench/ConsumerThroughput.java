import io.kappareplay.schemas.kafka.TopicProvisioner;
import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.naming.KappaHeaders;
import io.kappareplay.schemas.serde.KappaAvroSerializer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Throughput and CPU use of one consumer instance: for each in-flight limit, publishes N records to
 * a fresh job's 100-partition ingress, runs one ConsumerMain child JVM in job mode with the
 * sleeping handler until it has drained and exited, and measures it from outside. Run by
 * consumer-throughput.sh against a running kappa-local; prints progress and tables, and writes a
 * text table, a CSV and an SVG chart.
 *
 * <p>What is measured, per in-flight limit:
 *
 * <ul>
 *   <li>wall: from starting the child JVM to its exit (JVM start, group join, the drain check's 2 s
 *       interval and shutdown included), and records/s over it;
 *   <li>window: from the first to the last egress record's timestamp (when the handler finished),
 *       the rate the runtime sustained once running; its ideal is in-flight / handler time;
 *   <li>CPU: the child's user + system seconds, exact (this JVM's cutime + cstime grow by them when
 *       it reaps the child), as average cores over wall; over the window from /proc samples; by
 *       thread group from each thread's schedstat; the broker's over the window beside it;
 *   <li>peak RSS: the child's VmHWM;
 *   <li>from the child's /metrics, over the window: mean records in flight, mean handler latency
 *       (dispatch to handler return, worker queueing included) and the egress producer's mean
 *       request latency, which tell where a record's time in flight goes.
 * </ul>
 */
public class ConsumerThroughput {
    private static final int PARTITIONS = 100;
    private static final int PER_TRANSACTION = 5_000;
    private static final long SAMPLE_MILLIS = 200;
    private static final long PROGRESS_MILLIS = 1_000;
    private static final Duration CONSUMER_TIMEOUT = Duration.ofMinutes(30);
    private static final String SNAPSHOT = "2024-06-30T00:00:00Z";
    private static final Pattern METRICS_PORT = Pattern.compile("on port (\\d+)");
    private static final Schema INPUT =
            new Schema.Parser()
                    .parse(
                            "{\"type\": \"record\", \"name\": \"BenchInput\","
                                    + " \"namespace\": \"io.kappareplay.bench\", \"fields\": ["
                                    + "{\"name\": \"i\", \"type\": \"int\"},"
                                    + "{\"name\": \"customer\", \"type\": \"string\"},"
                                    + "{\"name\": \"amount\", \"type\": \"double\"}]}");

    private static final String POLL = "poll";
    private static final List<String> THREAD_GROUPS =
            List.of(POLL, "workers", "timer", "producer-io", "jit", "gc", "other");

    private final Map<String, String> options;
    private final Map<String, String> kafka;
    private final Map<String, String> registry;
    private final Path work;
    private final long handlerMillis;
    private final long clockTicks;
    private final long brokerPid;
    private final boolean live;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Process running;

    /** One consumer run at one in-flight limit. */
    record Point(
            int inFlight,
            int records,
            double idealPerSecond,
            double wallSeconds,
            double windowSeconds,
            double cpuSeconds,
            double windowCpuSeconds,
            double windowBrokerCpuSeconds,
            double windowMachineCpuSeconds,
            long peakRssKb,
            long egressRecords,
            long dlqRecords,
            double loadBefore,
            double loadAfter,
            Map<String, Double> cpuByThreads,
            Map<String, Double> windowCpuByThreads,
            double meanInFlight,
            double handlerMillis,
            double produceMillis,
            double produceRecordsPerRequest) {
        double wallPerSecond() {
            return records / wallSeconds;
        }

        double windowPerSecond() {
            return records / windowSeconds;
        }

        double windowRatio() {
            return windowPerSecond() / idealPerSecond;
        }

        double wallRatio() {
            return wallPerSecond() / idealPerSecond;
        }

        double wallCores() {
            return cpuSeconds / wallSeconds;
        }

        double windowCores() {
            return windowCpuSeconds / windowSeconds;
        }

        double windowBrokerCores() {
            return windowBrokerCpuSeconds / windowSeconds;
        }

        /** Everything else the machine ran in the window: the driver, the registry, other work. */
        double windowOtherCores() {
            return (windowMachineCpuSeconds - windowCpuSeconds - windowBrokerCpuSeconds)
                    / windowSeconds;
        }

        double windowCpuMicrosPerRecord() {
            return windowCpuSeconds * 1e6 / records;
        }

        double windowPollCores() {
            return windowCpuByThreads.get(POLL) / windowSeconds;
        }

        /** Little's law: records in flight / records per second. */
        double inFlightMillis() {
            return meanInFlight / windowPerSecond() * 1000;
        }

        boolean complete() {
            return egressRecords == records && dlqRecords == 0;
        }
    }

    /** CPU seconds of the consumer, the broker and the whole machine at one instant. */
    record Sample(long epochMillis, double consumerCpu, double brokerCpu, double machineCpu) {}

    /** The consumer's CPU seconds by thread group at one instant. */
    record ThreadSample(long epochMillis, Map<String, Double> cpuSeconds) {}

    /** What the consumer's /metrics said at one instant. */
    record Scrape(
            long epochMillis,
            double inFlight,
            double handlerSeconds,
            double handlerCount,
            double produceMillis,
            double recordsPerRequest) {}

    ConsumerThroughput(Map<String, String> options) {
        this.options = options;
        this.kafka = Map.of("bootstrap.servers", required("bootstrap-servers"));
        this.registry = Map.of("schema.registry.url", required("registry-url"));
        this.work = Path.of(required("work"));
        this.handlerMillis = Long.parseLong(options.getOrDefault("handler-ms", "20"));
        this.clockTicks = Long.parseLong(options.getOrDefault("clock-ticks", "100"));
        this.brokerPid = Long.parseLong(options.getOrDefault("broker-pid", "-1"));
        this.live = Boolean.parseBoolean(options.getOrDefault("live", "false"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        new ConsumerThroughput(options).run();
    }

    private void run() throws Exception {
        stopChildOnExit();
        int records = Integer.parseInt(options.getOrDefault("records", "50000"));
        int sweepRecords = Integer.parseInt(options.getOrDefault("sweep-records", "" + records));
        List<Integer> levels = new ArrayList<>();
        for (String level : options.getOrDefault("levels", "1000").trim().split("[ ,]+")) {
            levels.add(Integer.parseInt(level));
        }
        System.out.printf(
                "One ConsumerMain instance, job mode, %d ms blocking handler, %d partitions;"
                        + " in-flight %s; %,d records at 1000, %,d at the others%n",
                handlerMillis,
                PARTITIONS,
                levels,
                records,
                sweepRecords);
        List<Point> points = new ArrayList<>();
        for (int inFlight : levels) {
            points.add(measure(inFlight, inFlight == 1000 ? records : sweepRecords));
        }
        String tables = tables(points);
        System.out.println();
        System.out.print(tables);
        Path results = Path.of(required("results"));
        Files.createDirectories(results);
        Files.writeString(results.resolve("consumer-throughput.txt"), tables);
        Files.writeString(results.resolve("consumer-throughput.csv"), csv(points));
        Files.writeString(results.resolve("consumer-throughput.svg"), svg(points));
        System.out.println("Wrote " + results.resolve("consumer-throughput.{txt,csv,svg}"));
        if (!points.stream().allMatch(Point::complete)) {
            System.out.println("Some runs did not land exactly one egress record per input ('ok')");
            System.exit(1);
        }
    }

    /**
     * One child JVM to measure: how to start it on a job's spec, and what to add to the spec. {@code
     * kappa} children are ConsumerMain in job mode (they print egress.json); the others are
     * baselines that exit once they have had every egress send acknowledged, counted from the
     * egress topic.
     */
    record Run(
            String label,
            String jobPrefix,
            int inFlight,
            int records,
            double idealPerSecond,
            String handlerClass,
            String specExtra,
            boolean kappa,
            java.util.function.BiFunction<Path, JobNames, List<String>> command) {}

    private Point measure(int inFlight, int records) throws Exception {
        return measure(
                new Run(
                        String.format(Locale.ROOT, "[in-flight %d]", inFlight),
                        "bench-if" + inFlight,
                        inFlight,
                        records,
                        inFlight * 1000.0 / handlerMillis,
                        "io.kappareplay.bench.SleepingHandler",
                        "",
                        true,
                        (spec, names) -> consumerCommand(spec, inFlight)));
    }

    /** Kills the running child if the driver is stopped (Ctrl-C, SIGTERM, a failure). */
    void stopChildOnExit() {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    Process child = running;
                                    if (child != null && child.isAlive()) {
                                        System.err.println(
                                                "stopping consumer pid " + child.pid());
                                        child.destroyForcibly();
                                    }
                                }));
    }

    Point measure(Run run) throws Exception {
        int inFlight = run.inFlight();
        int records = run.records();
        String jobId = run.jobPrefix() + "-" + UUID.randomUUID().toString().substring(0, 8);
        JobNames names = JobNames.of(jobId);
        String label = run.label();
        try (Admin admin = Admin.create(new HashMap<>(kafka))) {
            // All three up front, as the publisher and earlier instances would have: the measured
            // run then does only the consumer's own work.
            TopicProvisioner topics = new TopicProvisioner(admin, Duration.ofMinutes(2));
            topics.ensure(names.ingressTopic(), PARTITIONS, Map.of());
            topics.ensure(names.egressTopic(), PARTITIONS, Map.of());
            topics.ensure(names.dlqTopic(), PARTITIONS, Map.of());
            long publishStarted = System.nanoTime();
            publish(names, records);
            double publishSeconds = seconds(System.nanoTime() - publishStarted);
            System.out.printf(
                    "%s published %,d records to %s in %.1f s (%,.0f records/s)%n",
                    label, records, names.ingressTopic(), publishSeconds, records / publishSeconds);

            Path spec = work.resolve(jobId + ".yaml");
            Files.writeString(spec, specYaml(jobId, run.handlerClass()) + run.specExtra());
            Path out = work.resolve(jobId + ".out");
            Path err = work.resolve(jobId + ".err");
            ProcessBuilder builder =
                    new ProcessBuilder(run.command().apply(spec, names))
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile());
            builder.environment().keySet().removeIf(key -> key.startsWith("KAPPA_"));

            double loadBefore = loadAverage();
            double childCpuBefore = reapedChildrenCpuSeconds();
            long started = System.nanoTime();
            Process child = builder.start();
            running = child;
            Files.writeString(work.resolve("consumer.pid"), child.pid() + "\n");
            System.out.printf("%s consumer pid %d started%n", label, child.pid());

            Monitor monitor = new Monitor(child.pid(), err);
            long nextProgress = started + TimeUnit.MILLISECONDS.toNanos(PROGRESS_MILLIS);
            long deadline = started + CONSUMER_TIMEOUT.toNanos();
            while (!child.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
                monitor.sample();
                long now = System.nanoTime();
                if (now >= nextProgress) {
                    nextProgress = now + TimeUnit.MILLISECONDS.toNanos(PROGRESS_MILLIS);
                    monitor.sampleThreads();
                    monitor.scrape();
                    progress(admin, names, label, seconds(now - started), records, monitor);
                }
                if (now > deadline) {
                    child.destroyForcibly();
                    throw new IllegalStateException(
                            label + " consumer did not finish within " + CONSUMER_TIMEOUT);
                }
            }
            double wallSeconds = seconds(System.nanoTime() - started);
            running = null;
            double cpuSeconds = reapedChildrenCpuSeconds() - childCpuBefore;
            double loadAfter = loadAverage();
            if (live) {
                System.out.println();
            }
            int exit = child.exitValue();
            if (exit != 0) {
                System.out.println(Files.readString(err));
                throw new IllegalStateException(
                        label + " consumer exited with " + exit + "; its stderr is above");
            }
            long egressRecords;
            long dlqRecords;
            if (run.kappa()) {
                EgressManifest manifest = EgressManifest.fromJson(Files.readString(out).trim());
                egressRecords = manifest.egress().records();
                dlqRecords = manifest.dlq().records();
            } else {
                // Baselines, and several at-least-once instances of ours (one manifest each),
                // produce without transactions: the end offsets count the records.
                egressRecords =
                        sum(offsets(admin, names.egressTopic(), OffsetSpec.latest()));
                dlqRecords = 0;
            }

            // The window: first to last egress record, by their timestamps (when the handler
            // finished each record).
            long first = Long.MAX_VALUE;
            for (ListOffsetsResultInfo info :
                    offsets(admin, names.egressTopic(), OffsetSpec.forTimestamp(0)).values()) {
                if (info.offset() >= 0) {
                    first = Math.min(first, info.timestamp());
                }
            }
            long last = Long.MIN_VALUE;
            for (ListOffsetsResultInfo info :
                    offsets(admin, names.egressTopic(), OffsetSpec.maxTimestamp()).values()) {
                if (info.offset() >= 0) {
                    last = Math.max(last, info.timestamp());
                }
            }
            double windowSeconds = Math.max(last - first, 1) / 1000.0;
            Map<String, Double> cpuByThreads = new LinkedHashMap<>();
            Map<String, Double> windowCpuByThreads = new LinkedHashMap<>();
            for (String group : THREAD_GROUPS) {
                cpuByThreads.put(group, monitor.threadCpuAt(group, Long.MAX_VALUE));
                windowCpuByThreads.put(
                        group, monitor.threadCpuAt(group, last) - monitor.threadCpuAt(group, first));
            }
            Point point =
                    new Point(
                            inFlight,
                            records,
                            run.idealPerSecond(),
                            wallSeconds,
                            windowSeconds,
                            cpuSeconds,
                            monitor.cpuBetween(Sample::consumerCpu, first, last),
                            monitor.cpuBetween(Sample::brokerCpu, first, last),
                            monitor.cpuBetween(Sample::machineCpu, first, last),
                            monitor.peakRssKb,
                            egressRecords,
                            dlqRecords,
                            loadBefore,
                            loadAfter,
                            cpuByThreads,
                            windowCpuByThreads,
                            monitor.meanOfScrapes(Scrape::inFlight, first, last),
                            monitor.handlerMillis(first, last),
                            monitor.meanOfScrapes(Scrape::produceMillis, first, last),
                            monitor.meanOfScrapes(Scrape::recordsPerRequest, first, last));
            System.out.printf(
                    "%s drained and exited after %.1f s: %,d egress, %,d dlq; window %.2f s at"
                            + " %,.0f records/s = %.0f%% of the ideal %,.0f; %.1f CPU s (%.2f"
                            + " cores over wall, %.2f over the window), peak RSS %,d MB%n",
                    label,
                    wallSeconds,
                    point.egressRecords(),
                    point.dlqRecords(),
                    windowSeconds,
                    point.windowPerSecond(),
                    100 * point.windowRatio(),
                    point.idealPerSecond(),
                    cpuSeconds,
                    point.wallCores(),
                    point.windowCores(),
                    point.peakRssKb() / 1024);
            return point;
        }
    }

    private List<String> consumerCommand(Path spec, int inFlight) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : options.getOrDefault("consumer-java-opts", "").split("\\s+")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.add("-Dkappa.bench.handler-sleep-ms=" + handlerMillis);
        command.add("-cp");
        command.add(required("consumer-classpath"));
        command.add("io.kappareplay.consumer.main.ConsumerMain");
        command.addAll(
                List.of(
                        "--job-spec", spec.toString(),
                        "--handler-jars", required("handler-jar"),
                        "--mode", "job",
                        "--max-in-flight", Integer.toString(inFlight),
                        // A free port, read back from the child's standard error.
                        "--metrics-port", "0"));
        return command;
    }

    private void publish(JobNames names, int records) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put("transactional.id", names.transactionalId("bench-publisher", 0));
        config.put("linger.ms", "20");
        config.put("batch.size", "262144");
        try (KappaAvroSerializer values = new KappaAvroSerializer();
                KafkaProducer<String, byte[]> producer =
                        new KafkaProducer<>(
                                config, new StringSerializer(), new ByteArraySerializer())) {
            values.configure(registry, false);
            producer.initTransactions();
            for (int start = 0; start < records; start += PER_TRANSACTION) {
                producer.beginTransaction();
                for (int i = start; i < Math.min(records, start + PER_TRANSACTION); i++) {
                    GenericRecord row = new GenericData.Record(INPUT);
                    row.put("i", i);
                    row.put("customer", "customer-" + (i % 997));
                    row.put("amount", i * 0.25);
                    RecordHeaders headers = new RecordHeaders();
                    headers.add(KappaHeaders.JOB, utf8(names.jobId()));
                    headers.add(KappaHeaders.SNAPSHOT, utf8(SNAPSHOT));
                    headers.add(KappaHeaders.LINEAGE, utf8("row-" + i));
                    producer.send(
                            new ProducerRecord<>(
                                    names.ingressTopic(),
                                    null,
                                    "order-" + i,
                                    values.serialize(names.ingressTopic(), row),
                                    headers));
                }
                producer.commitTransaction();
            }
        }
    }

    private void progress(
            Admin admin,
            JobNames names,
            String label,
            double elapsedSeconds,
            int records,
            Monitor monitor)
            throws Exception {
        long landed = sum(offsets(admin, names.egressTopic(), OffsetSpec.latest()));
        // Lag as the drain check sees it: read_committed end offsets minus the group's commits
        // (transaction markers take offsets, so it starts above the record count).
        long lag = sum(offsets(admin, names.ingressTopic(), OffsetSpec.latest()));
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(names.consumerGroup())
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
        for (OffsetAndMetadata offset : committed.values()) {
            if (offset != null) {
                lag -= offset.offset();
            }
        }
        Scrape scrape = monitor.lastScrape();
        String line =
                String.format(
                        Locale.ROOT,
                        "%s %5.1f s  landed %,7d / %,d  lag %,7d  consumer %.2f cores, broker %.2f"
                                + "  in flight %s",
                        label,
                        elapsedSeconds,
                        landed,
                        records,
                        lag,
                        monitor.recentCores(Sample::consumerCpu),
                        monitor.recentCores(Sample::brokerCpu),
                        scrape == null ? "-" : String.format(Locale.ROOT, "%.0f", scrape.inFlight()));
        if (live) {
            System.out.print("\r" + line + "   ");
        } else {
            System.out.println(line);
        }
        System.out.flush();
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(
            Admin admin, String topic, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(topic, p), spec);
        }
        return admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    private static long sum(Map<TopicPartition, ListOffsetsResultInfo> offsets) {
        return offsets.values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
    }

    /** Samples one consumer child (and the broker) from /proc and its /metrics. */
    private final class Monitor {
        private final long pid;
        private final Path stderr;
        private final List<Sample> samples = new ArrayList<>();
        private final List<ThreadSample> threadSamples = new ArrayList<>();
        private final Map<Long, Double> cpuByThread = new HashMap<>();
        private final Map<Long, String> groupOfThread = new HashMap<>();
        private final List<Scrape> scrapes = new ArrayList<>();
        private long peakRssKb;
        private int metricsPort = -1;

        Monitor(long pid, Path stderr) {
            this.pid = pid;
            this.stderr = stderr;
        }

        void sample() {
            double consumer = cpuSeconds(pid);
            if (consumer >= 0) {
                samples.add(
                        new Sample(
                                System.currentTimeMillis(),
                                consumer,
                                brokerPid > 0 ? Math.max(0, cpuSeconds(brokerPid)) : 0,
                                machineCpuSeconds()));
            }
            Path status = Path.of("/proc", Long.toString(pid), "status");
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        peakRssKb = Math.max(peakRssKb, Long.parseLong(line.replaceAll("\\D+", "")));
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // Exited between two samples: the last one stands.
            }
        }

        /**
         * Adds a sample of the CPU seconds by thread group. A thread's last reading stands once it
         * has ended, so every group only grows.
         */
        void sampleThreads() {
            try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : (Iterable<Path>) threads::iterator) {
                    long tid = Long.parseLong(task.getFileName().toString());
                    try {
                        if (!groupOfThread.containsKey(tid)) {
                            String name = Files.readString(task.resolve("comm")).trim();
                            groupOfThread.put(tid, threadGroup(name));
                        }
                        // The first field: run time in ns, exact where stat's clock ticks round a
                        // worker's short bursts down to nothing.
                        String schedstat = Files.readString(task.resolve("schedstat"));
                        cpuByThread.put(tid, Long.parseLong(schedstat.split(" ")[0]) / 1e9);
                    } catch (IOException ended) {
                        // Ended since the listing: its last reading stands.
                    }
                }
            } catch (IOException | RuntimeException gone) {
                return;
            }
            Map<String, Double> byGroup = new HashMap<>();
            cpuByThread.forEach(
                    (tid, cpu) -> byGroup.merge(groupOfThread.get(tid), cpu, Double::sum));
            threadSamples.add(new ThreadSample(System.currentTimeMillis(), byGroup));
        }

        void scrape() {
            if (metricsPort < 0) {
                try {
                    Matcher port = METRICS_PORT.matcher(Files.readString(stderr));
                    if (!port.find()) {
                        return;
                    }
                    metricsPort = Integer.parseInt(port.group(1));
                } catch (IOException notYet) {
                    return;
                }
            }
            String text;
            try {
                HttpRequest request =
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                                .timeout(Duration.ofSeconds(2))
                                .build();
                text = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Map<String, Double> values = new HashMap<>();
            for (String line : text.split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
                try {
                    values.putIfAbsent(
                            line.substring(0, end),
                            Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                } catch (RuntimeException notANumber) {
                    // Skipped.
                }
            }
            scrapes.add(
                    new Scrape(
                            System.currentTimeMillis(),
                            values.getOrDefault("kappa_consumer_in_flight_records", Double.NaN),
                            values.getOrDefault(
                                    "kappa_consumer_handler_latency_seconds_sum", Double.NaN),
                            values.getOrDefault(
                                    "kappa_consumer_handler_latency_seconds_count", Double.NaN),
                            values.getOrDefault("kafka_producer_request_latency_avg", Double.NaN),
                            values.getOrDefault(
                                    "kafka_producer_records_per_request_avg", Double.NaN)));
        }

        Scrape lastScrape() {
            return scrapes.isEmpty() ? null : scrapes.get(scrapes.size() - 1);
        }

        /** Cores used over the last second of samples. */
        double recentCores(ToDoubleFunction<Sample> cpu) {
            if (samples.size() < 2) {
                return 0;
            }
            Sample to = samples.get(samples.size() - 1);
            Sample from = samples.get(Math.max(0, samples.size() - 6));
            return (cpu.applyAsDouble(to) - cpu.applyAsDouble(from))
                    * 1000
                    / Math.max(1, to.epochMillis() - from.epochMillis());
        }

        double cpuBetween(ToDoubleFunction<Sample> cpu, long from, long to) {
            List<double[]> series = new ArrayList<>();
            for (Sample sample : samples) {
                series.add(new double[] {sample.epochMillis(), cpu.applyAsDouble(sample)});
            }
            return interpolate(series, to) - interpolate(series, from);
        }

        double threadCpuAt(String group, long epochMillis) {
            List<double[]> series = new ArrayList<>();
            for (ThreadSample sample : threadSamples) {
                series.add(
                        new double[] {
                            sample.epochMillis(), sample.cpuSeconds().getOrDefault(group, 0.0)
                        });
            }
            return interpolate(series, epochMillis);
        }

        /** The mean of a metric over the window's scrapes; Kafka reports NaN before a sample. */
        double meanOfScrapes(ToDoubleFunction<Scrape> metric, long from, long to) {
            return scrapesWithin(from, to).stream()
                    .mapToDouble(metric)
                    .filter(value -> !Double.isNaN(value))
                    .average()
                    .orElse(Double.NaN);
        }

        /** Mean handler latency between the first and the last scrape of the window. */
        double handlerMillis(long from, long to) {
            List<Scrape> within = scrapesWithin(from, to);
            if (within.size() < 2) {
                return Double.NaN;
            }
            Scrape a = within.get(0);
            Scrape b = within.get(within.size() - 1);
            return (b.handlerSeconds() - a.handlerSeconds())
                    / (b.handlerCount() - a.handlerCount())
                    * 1000;
        }

        private List<Scrape> scrapesWithin(long from, long to) {
            return scrapes.stream()
                    .filter(s -> s.epochMillis() >= from && s.epochMillis() <= to)
                    .toList();
        }
    }

    /** The value at {@code x} of a series of (x, y), linear between the points around it. */
    private static double interpolate(List<double[]> series, double x) {
        if (series.isEmpty()) {
            return 0;
        }
        double[] before = series.get(0);
        if (x <= before[0]) {
            return before[1];
        }
        for (double[] after : series) {
            if (after[0] >= x) {
                double share = (x - before[0]) / Math.max(1, after[0] - before[0]);
                return before[1] + share * (after[1] - before[1]);
            }
            before = after;
        }
        return before[1];
    }

    /** User + system CPU seconds of a process so far, or -1 once it is gone. */
    private double cpuSeconds(long pid) {
        String[] fields = statFields(Path.of("/proc", Long.toString(pid), "stat"));
        if (fields == null) {
            return -1;
        }
        // Fields 14 and 15 of proc(5); the array starts at field 3, after "(comm)".
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) clockTicks;
    }

    /** Busy CPU seconds of all cores: the first line of /proc/stat less idle and iowait. */
    private double machineCpuSeconds() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
            String[] fields = lines.findFirst().orElseThrow().trim().split("\\s+");
            long busy = 0;
            // user nice system idle iowait irq softirq steal: guest time is inside user already.
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy / (double) clockTicks;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** User + system CPU seconds of the children this JVM has reaped: fields 16 and 17. */
    private double reapedChildrenCpuSeconds() {
        String[] fields = statFields(Path.of("/proc/self/stat"));
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / (double) clockTicks;
    }

    private static String[] statFields(Path stat) {
        try {
            String text = Files.readString(stat);
            return text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException gone) {
            return null;
        }
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** The group of a thread by its name as /proc has it (at most 15 characters). */
    private static String threadGroup(String name) {
        if (name.startsWith("kappa-poll")) {
            return POLL;
        } else if (name.startsWith("kappa-worker")) {
            return "workers";
        } else if (name.startsWith("kappa-timer")) {
            return "timer";
        } else if (name.startsWith("kafka-producer")) {
            return "producer-io";
        } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "jit";
        } else if (name.startsWith("GC ") || name.startsWith("G1 ")) {
            return "gc";
        }
        return "other";
    }

    private String specYaml(String jobId, String handler) {
        return """
                job-id: %s
                source:
                  format: iceberg
                  table: bench.orders
                  key-column: order_id
                  point-in-time:
                    mode: as-of
                    instant: %s
                ingress:
                  contract:
                    subject: bench-orders-value
                service:
                  handler: %s
                warehouse-root: file://%s/warehouse
                kafka:
                  bootstrap-servers: %s
                registry:
                  url: %s
                """
                .formatted(
                        jobId,
                        SNAPSHOT,
                        handler,
                        work,
                        kafka.get("bootstrap.servers"),
                        registry.get("schema.registry.url"));
    }

    // ---- results ----

    private static String tables(List<Point> points) {
        StringBuilder out = new StringBuilder();
        out.append("Throughput (window: first to last egress record; wall: consumer JVM start to"
                + " exit)\n");
        String format = "%9s %7s %8s %7s %8s %7s %6s %8s %7s %11s %3s%n";
        out.append(
                String.format(
                        Locale.ROOT,
                        format,
                        "in-flight",
                        "records",
                        "ideal/s",
                        "window",
                        "rec/s",
                        "/ideal",
                        "wall",
                        "rec/s",
                        "/ideal",
                        "load 1m",
                        "ok"));
        for (Point p : points) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            format,
                            p.inFlight(),
                            p.records(),
                            String.format(Locale.ROOT, "%.0f", p.idealPerSecond()),
                            String.format(Locale.ROOT, "%.2fs", p.windowSeconds()),
                            String.format(Locale.ROOT, "%.0f", p.windowPerSecond()),
                            String.format(Locale.ROOT, "%.0f%%", 100 * p.windowRatio()),
                            String.format(Locale.ROOT, "%.1fs", p.wallSeconds()),
                            String.format(Locale.ROOT, "%.0f", p.wallPerSecond()),
                            String.format(Locale.ROOT, "%.0f%%", 100 * p.wallRatio()),
                            String.format(Locale.ROOT, "%.1f-%.1f", p.loadBefore(), p.loadAfter()),
                            p.complete() ? "yes" : "NO"));
        }
        out.append(
                "\nCPU and where a record's time in flight goes (window unless marked wall;"
                        + " in-flight time = mean in flight / rec/s)\n");
        format = "%9s %7s %6s %6s %7s %6s %6s %6s %7s %7s %7s %8s %8s %8s%n";
        out.append(
                String.format(
                        Locale.ROOT,
                        format,
                        "in-flight",
                        "CPU s",
                        "cores",
                        "cores",
                        "us/rec",
                        "poll",
                        "broker",
                        "others",
                        "RSS MB",
                        "mean in",
                        "in-flt",
                        "handler",
                        "produce",
                        "produce"));
        out.append(
                String.format(
                        Locale.ROOT,
                        format,
                        "",
                        "wall",
                        "wall",
                        "",
                        "",
                        "cores",
                        "cores",
                        "cores",
                        "peak",
                        "flight",
                        "ms",
                        "ms",
                        "req ms",
                        "rec/req"));
        for (Point p : points) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            format,
                            p.inFlight(),
                            String.format(Locale.ROOT, "%.1f", p.cpuSeconds()),
                            String.format(Locale.ROOT, "%.2f", p.wallCores()),
                            String.format(Locale.ROOT, "%.2f", p.windowCores()),
                            String.format(Locale.ROOT, "%.0f", p.windowCpuMicrosPerRecord()),
                            String.format(Locale.ROOT, "%.2f", p.windowPollCores()),
                            String.format(Locale.ROOT, "%.2f", p.windowBrokerCores()),
                            String.format(Locale.ROOT, "%.2f", p.windowOtherCores()),
                            p.peakRssKb() / 1024,
                            orDash("%.0f", p.meanInFlight()),
                            orDash("%.0f", p.inFlightMillis()),
                            orDash("%.1f", p.handlerMillis()),
                            orDash("%.1f", p.produceMillis()),
                            orDash("%.0f", p.produceRecordsPerRequest())));
        }
        out.append("\nConsumer CPU seconds by thread group, whole run [window]\n");
        for (Point p : points) {
            out.append(String.format(Locale.ROOT, "%9d ", p.inFlight()));
            for (String group : THREAD_GROUPS) {
                out.append(
                        String.format(
                                Locale.ROOT,
                                " %s %.1f [%.1f]",
                                group,
                                p.cpuByThreads().get(group),
                                p.windowCpuByThreads().get(group)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** A figure, or "-" where the window held too few /metrics scrapes for it. */
    private static String orDash(String format, double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
    }

    private static String csv(List<Point> points) {
        StringBuilder out =
                new StringBuilder(
                        "date,cores,in_flight,records,ideal_records_per_s,window_s,"
                                + "window_records_per_s,window_ratio,wall_s,wall_records_per_s,"
                                + "wall_ratio,cpu_s,cores_wall,cores_window,cpu_us_per_record_window,"
                                + "poll_thread_cores_window,broker_cores_window,other_cores_window,peak_rss_mb,"
                                + "mean_in_flight,in_flight_ms,handler_ms,produce_request_ms,"
                                + "produce_records_per_request,"
                                + "egress_records,dlq_records,load1_before,load1_after");
        for (String group : THREAD_GROUPS) {
            out.append(",cpu_s_").append(group.replace('-', '_'));
        }
        for (String group : THREAD_GROUPS) {
            out.append(",cpu_s_window_").append(group.replace('-', '_'));
        }
        out.append('\n');
        for (Point p : points) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%s,%d,%d,%d,%.0f,%.3f,%.0f,%.3f,%.2f,%.0f,%.3f,%.2f,%.3f,%.3f,%.0f,%.3f,"
                                    + "%.3f,%.3f,%d,%.0f,%.1f,%.2f,%.2f,%.1f,%d,%d,%.2f,%.2f",
                            LocalDate.now(),
                            Runtime.getRuntime().availableProcessors(),
                            p.inFlight(),
                            p.records(),
                            p.idealPerSecond(),
                            p.windowSeconds(),
                            p.windowPerSecond(),
                            p.windowRatio(),
                            p.wallSeconds(),
                            p.wallPerSecond(),
                            p.wallRatio(),
                            p.cpuSeconds(),
                            p.wallCores(),
                            p.windowCores(),
                            p.windowCpuMicrosPerRecord(),
                            p.windowPollCores(),
                            p.windowBrokerCores(),
                            p.windowOtherCores(),
                            p.peakRssKb() / 1024,
                            p.meanInFlight(),
                            p.inFlightMillis(),
                            p.handlerMillis(),
                            p.produceMillis(),
                            p.produceRecordsPerRequest(),
                            p.egressRecords(),
                            p.dlqRecords(),
                            p.loadBefore(),
                            p.loadAfter()));
            for (String group : THREAD_GROUPS) {
                out.append(String.format(Locale.ROOT, ",%.2f", p.cpuByThreads().get(group)));
            }
            for (String group : THREAD_GROUPS) {
                out.append(String.format(Locale.ROOT, ",%.2f", p.windowCpuByThreads().get(group)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * Grouped bars per in-flight limit: ideal, achieved over the window, achieved over wall, on a
     * log scale so that a few percent of the ideal still shows.
     */
    private String svg(List<Point> points) {
        int width = 860;
        int height = 540;
        int left = 90;
        int right = 20;
        int top = 86;
        int bottom = 150;
        double plotWidth = width - left - right;
        double plotHeight = height - top - bottom;
        double max = 0;
        double min = Double.MAX_VALUE;
        for (Point p : points) {
            max = Math.max(max, Math.max(p.idealPerSecond(), p.windowPerSecond()));
            min = Math.min(min, Math.min(p.wallPerSecond(), p.windowPerSecond()));
        }
        double low = Math.floor(Math.log10(Math.max(1, min)));
        double high = Math.ceil(Math.log10(max));
        ToDoubleFunction<Double> y =
                value ->
                        top
                                + plotHeight
                                - (Math.log10(Math.max(value, Math.pow(10, low))) - low)
                                        / (high - low)
                                        * plotHeight;
        StringBuilder svg = new StringBuilder();
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\""
                                + " font-size=\"12\">%n",
                        width,
                        height,
                        width,
                        height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        double load = points.stream().mapToDouble(Point::loadBefore).average().orElse(Double.NaN);
        text(
                svg,
                width / 2.0,
                24,
                "middle",
                "font-size=\"16\" font-weight=\"bold\"",
                String.format(
                        Locale.ROOT,
                        "One consumer instance, %d ms blocking handler, %d partitions",
                        handlerMillis,
                        PARTITIONS));
        text(
                svg,
                width / 2.0,
                44,
                "middle",
                "fill=\"#555\"",
                String.format(
                        Locale.ROOT,
                        "records/s by max-in-flight (log scale); measured %s on %d shared cores,"
                                + " mean 1-min load %.1f",
                        LocalDate.now(),
                        Runtime.getRuntime().availableProcessors(),
                        load));
        for (double decade = low; decade <= high; decade++) {
            for (int factor : new int[] {1, 2, 5}) {
                double value = factor * Math.pow(10, decade);
                if (decade == high && factor > 1) {
                    break;
                }
                double py = y.applyAsDouble(value);
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                                        + " stroke=\"%s\"/>%n",
                                left,
                                py,
                                width - right,
                                py,
                                factor == 1 ? "#ccc" : "#eee"));
                text(svg, left - 8, py + 4, "end", "", String.format(Locale.ROOT, "%,.0f", value));
            }
        }
        text(
                svg,
                18,
                top + plotHeight / 2,
                "middle",
                String.format(
                        Locale.ROOT, "transform=\"rotate(-90 18 %.1f)\"", top + plotHeight / 2),
                "records / s");
        String[] colors = {"#c7c7c7", "#2b6cb0", "#dd8452"};
        String[] labels = {
            String.format(Locale.ROOT, "ideal: in-flight / %d ms", handlerMillis),
            "achieved: first to last egress record",
            "achieved: consumer JVM start to exit"
        };
        double group = plotWidth / points.size();
        double bar = Math.min(40, group * 0.8 / 3);
        double bottomY = top + plotHeight;
        for (int g = 0; g < points.size(); g++) {
            Point p = points.get(g);
            double[] values = {p.idealPerSecond(), p.windowPerSecond(), p.wallPerSecond()};
            double x0 = left + g * group + (group - 3 * bar) / 2;
            for (int b = 0; b < 3; b++) {
                double barTop = y.applyAsDouble(values[b]);
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                                        + " fill=\"%s\"><title>%s: %,.0f records/s</title></rect>%n",
                                x0 + b * bar,
                                barTop,
                                bar - 2,
                                bottomY - barTop,
                                colors[b],
                                labels[b],
                                values[b]));
            }
            text(
                    svg,
                    x0 + 1.5 * bar,
                    y.applyAsDouble(values[1]) - 6,
                    "middle",
                    "font-weight=\"bold\"",
                    String.format(Locale.ROOT, "%.0f%%", 100 * p.windowRatio()));
            double cx = left + g * group + group / 2;
            String[] lines = {
                String.format(Locale.ROOT, "%,d in flight", p.inFlight()),
                String.format(
                        Locale.ROOT,
                        "%,.0f rec/s, %,d rec",
                        p.windowPerSecond(),
                        p.records()),
                String.format(Locale.ROOT, "consumer %.2f cores", p.windowCores()),
                String.format(
                        Locale.ROOT,
                        "broker %.2f, others %.2f",
                        p.windowBrokerCores(),
                        p.windowOtherCores())
            };
            for (int line = 0; line < lines.length; line++) {
                text(
                        svg,
                        cx,
                        bottomY + 18 + 15 * line,
                        "middle",
                        line == 0 ? "" : "fill=\"#555\" font-size=\"11\"",
                        lines[line]);
            }
        }
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>%n",
                        left,
                        bottomY,
                        width - right,
                        bottomY));
        double legendX = left;
        for (int b = 0; b < 3; b++) {
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                            legendX,
                            top - 24,
                            colors[b]));
            text(svg, legendX + 16, top - 14, "start", "", labels[b]);
            legendX += 16 + labels[b].length() * 6.2 + 18;
        }
        String[] notes = {
            "% = achieved over the window / ideal.",
            "Cores: CPU seconds / window seconds, of the consumer JVM, the broker and all else"
                    + " (others).",
            "Wall also counts JVM start, group join, the 2 s drain-check interval and exit."
        };
        for (int line = 0; line < notes.length; line++) {
            text(svg, left, height - 46 + 16 * line, "start", "fill=\"#555\"", notes[line]);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void text(
            StringBuilder svg, double x, double y, String anchor, String attributes, String text) {
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>%n",
                        x,
                        y,
                        anchor,
                        attributes,
                        text.replace("&", "&amp;").replace("<", "&lt;")));
    }

    private String required(String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
