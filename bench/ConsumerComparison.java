import io.kappareplay.schemas.naming.JobNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The driver of bench/consumer.sh (issue 5): runs our runtime and the baselines, one child JVM at a
 * time, on fresh pre-filled 100-partition topics of the local broker, measuring each with {@link
 * ConsumerThroughput#measure} (CPU from /proc, rate over the egress window), and writes
 * consumer.json, consumer.md and consumer.svg. Parts run in priority order; {@code --parts} picks.
 */
public final class ConsumerComparison {
    private final Map<String, String> options;
    private final ConsumerThroughput bench;
    private final Map<String, ConsumerThroughput.Point> points = new LinkedHashMap<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    ConsumerComparison(Map<String, String> options) {
        this.options = options;
        this.bench = new ConsumerThroughput(options);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].substring(2), args[i + 1]);
        }
        new ConsumerComparison(options).run();
    }

    private void run() throws Exception {
        bench.stopChildOnExit();
        int records = Integer.parseInt(options.get("records"));
        int naiveRecords = Integer.parseInt(options.get("naive-records"));
        List<String> parts = List.of(options.getOrDefault("parts", "b c a e g").split("[ ,]+"));
        figures.put("records", records);
        figures.put("naive_records", naiveRecords);
        figures.put("partitions", 100);
        figures.put("cores", Runtime.getRuntime().availableProcessors());
        figures.put("load_before", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.printf(
                "parts %s; %,d records a run, %,d for the one-thread naive loop%n",
                parts, records, naiveRecords);
        if (records < 50_000) {
            String fewer =
                    String.format(
                            Locale.ROOT,
                            "%,d records a run, fewer than issue 5's 50,000: JVM start and JIT"
                                    + " weigh more on every rate",
                            records);
            notes.add(fewer);
            System.out.println("note: " + fewer);
        }
        // A broker that has just started runs its first jobs slower (JIT, page cache, its
        // coordinators' topics): part b's first run, ours, measured 5,410 records/s against
        // 11,879 and 13,908 in the two runs that followed on the same stack. One unmeasured
        // raw-clients job warms it up, so that no runtime pays for going first.
        baseline("warm-up", "raw", records, 0);
        points.remove("warm-up");
        for (String part : parts) {
            try {
                switch (part) {
                    case "b" -> partB(records);
                    case "c" -> partC(records, naiveRecords);
                    case "a" -> partA(records);
                    case "e" -> partE(records);
                    case "g" -> partG(records);
                    case "d" -> partD(records);
                    case "f" -> partF(records);
                    case "h" -> partH(records);
                    default -> notes.add("part " + part + " is not implemented");
                }
            } catch (Exception e) {
                notes.add("part " + part + " failed: " + e);
                System.out.println("part " + part + " failed: " + e);
            }
            write(); // after every part, so an interrupted run keeps what it measured
        }
        figures.put("load_after", Files.readString(Path.of("/proc/loadavg")).trim());
        write();
    }

    // ---- parts ----

    private void partB(int records) throws Exception {
        var ours = ours("ours-20ms", records, 1000, "sleeping", "");
        var pc = baseline("parallel-consumer-20ms", "parallel-consumer", records, 20);
        figures.put("io_vs_parallel_consumer", ours.windowPerSecond() / pc.windowPerSecond());
        figures.put("ours_cpu_seconds", ours.cpuSeconds());
        figures.put("parallel_consumer_cpu_seconds", pc.cpuSeconds());
    }

    private void partC(int records, int naiveRecords) throws Exception {
        var ours = ours20(records);
        var naive = baseline("naive-20ms", "naive", naiveRecords, 20);
        figures.put("ours_vs_naive", ours.windowPerSecond() / naive.windowPerSecond());
        figures.put("naive_cpu_seconds", naive.cpuSeconds());
    }

    private void partA(int records) throws Exception {
        var ours = ours("ours-async-200ms", records, 1000, "async", "");
        figures.put("io_efficiency", ours.windowPerSecond() / (1000 / 0.2));
        figures.put("io_cpu_seconds", ours.cpuSeconds());
    }

    private void partE(int records) throws Exception {
        var ours = ours("ours-noop", records, 1000, "noop", "");
        var raw = baseline("raw-clients", "raw", records, 0);
        figures.put("noop_vs_raw", ours.windowPerSecond() / raw.windowPerSecond());
        figures.put("noop_cpu_seconds", ours.cpuSeconds());
        figures.put("raw_cpu_seconds", raw.cpuSeconds());
    }

    private void partG(int records) throws Exception {
        var alo = ours20(records);
        var eos =
                ours(
                        "ours-20ms-exactly-once",
                        records,
                        1000,
                        "sleeping",
                        "delivery-guarantee: exactly-once\n");
        figures.put("eos_vs_alo", eos.windowPerSecond() / alo.windowPerSecond());
        figures.put("eos_cpu_seconds", eos.cpuSeconds());
    }

    private void partD(int records) throws Exception {
        long iterations = calibrate(0.5);
        double costMillis = costMillis(iterations);
        int cores = Runtime.getRuntime().availableProcessors();
        double ideal = cores / (costMillis / 1000);
        System.out.printf(
                Locale.ROOT,
                "[busy] %,d iterations of the busy loop take %.3f ms of one core; ideal %,.0f"
                        + " records/s on %d cores%n",
                iterations, costMillis, ideal, cores);
        var ours =
                ours(
                        "ours-busy",
                        records,
                        1000,
                        "busy",
                        "",
                        List.of("-Dkappa.bench.busy-iterations=" + iterations),
                        1);
        var pc = baseline("parallel-consumer-busy", "parallel-consumer", records, 0, iterations);
        figures.put("busy_iterations", iterations);
        figures.put("busy_cost_ms", costMillis);
        figures.put("cpu_efficiency", ours.windowPerSecond() / ideal);
        figures.put("cpu_efficiency_parallel_consumer", pc.windowPerSecond() / ideal);
        figures.put("cpu_ours_vs_parallel_consumer", ours.windowPerSecond() / pc.windowPerSecond());
        figures.put("busy_ours_cpu_seconds", ours.cpuSeconds());
        figures.put("busy_parallel_consumer_cpu_seconds", pc.cpuSeconds());
    }

    /** Iterations of {@link io.kappareplay.bench.BusyLoop} that take {@code millis} of one core. */
    private static long calibrate(double millis) {
        long iterations = 100_000;
        for (int round = 0; round < 5; round++) {
            double cost = costMillis(iterations);
            iterations = Math.max(1_000, (long) (iterations * millis / cost));
        }
        return iterations;
    }

    /** The thread CPU time of one spin, median of 200 after a warm-up. */
    private static double costMillis(long iterations) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 2_000; i++) {
            io.kappareplay.bench.BusyLoop.spin(iterations / 10 + 1, i);
        }
        double[] costs = new double[200];
        for (int i = 0; i < costs.length; i++) {
            long start = threads.getCurrentThreadCpuTime();
            io.kappareplay.bench.BusyLoop.spin(iterations, i);
            costs[i] = (threads.getCurrentThreadCpuTime() - start) / 1e6;
        }
        java.util.Arrays.sort(costs);
        return costs[costs.length / 2];
    }

    private void partF(int records) throws Exception {
        Map<Integer, Double> rates = new LinkedHashMap<>();
        for (int instances : List.of(1, 2, 4)) {
            var point =
                    instances == 1 && points.containsKey("ours-async-200ms")
                            ? points.get("ours-async-200ms")
                            : ours(
                                    "ours-async-200ms-x" + instances,
                                    records,
                                    1000,
                                    "async",
                                    "",
                                    List.of(),
                                    instances);
            rates.put(instances, point.windowPerSecond());
            figures.put("scaling_rate_" + instances, point.windowPerSecond());
        }
        figures.put("scaling_2x", rates.get(2) / (2 * rates.get(1)));
        figures.put("scaling_4x", rates.get(4) / (4 * rates.get(1)));
    }

    private void partH(int records) throws Exception {
        var ours = ours("ours-20ms-share", records, 1000, "sleeping", "group-type: share\n");
        // As many share consumers, one thread each, as ours has records in flight, or as many as
        // the broker lets one share group have if that is fewer.
        int threads =
                Math.min(
                        Integer.parseInt(options.getOrDefault("share-threads", "1000")),
                        maxShareGroupSize());
        System.out.printf(
                "[share-consumer-plain-20ms] %d threads, one KafkaShareConsumer each%n", threads);
        var plain = baseline("share-consumer-plain-20ms", "share", records, 20, 0, threads);
        figures.put("share_consumer_plain_threads", threads);
        figures.put("ours_vs_share_consumer", ours.windowPerSecond() / plain.windowPerSecond());
        figures.put("ours_share_vs_ours_consumer_group", ours.windowPerSecond() / ours20(records).windowPerSecond());
        figures.put("ours_share_cpu_seconds", ours.cpuSeconds());
        figures.put("share_consumer_plain_cpu_seconds", plain.cpuSeconds());
    }

    /** The broker's {@code group.share.max.size}: how many members one share group may have. */
    private int maxShareGroupSize() throws Exception {
        try (Admin admin =
                Admin.create(Map.of("bootstrap.servers", options.get("bootstrap-servers")))) {
            int node =
                    admin.describeCluster()
                            .nodes()
                            .get(30, TimeUnit.SECONDS)
                            .iterator()
                            .next()
                            .id();
            ConfigResource broker =
                    new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(node));
            return Integer.parseInt(
                    admin.describeConfigs(List.of(broker))
                            .all()
                            .get(30, TimeUnit.SECONDS)
                            .get(broker)
                            .get("group.share.max.size")
                            .value());
        }
    }

    private ConsumerThroughput.Point ours20(int records) throws Exception {
        var done = points.get("ours-20ms");
        return done != null ? done : ours("ours-20ms", records, 1000, "sleeping", "");
    }

    // ---- runs ----

    private ConsumerThroughput.Point ours(
            String name, int records, int inFlight, String handler, String specExtra)
            throws Exception {
        return ours(name, records, inFlight, handler, specExtra, List.of(), 1);
    }

    private ConsumerThroughput.Point ours(
            String name,
            int records,
            int inFlight,
            String handler,
            String specExtra,
            List<String> jvmOptions,
            int instances)
            throws Exception {
        double handlerMillis =
                switch (handler) {
                    case "async" -> 200;
                    case "noop", "busy" -> 0;
                    default -> 20;
                };
        boolean exactlyOnce = specExtra.contains("exactly-once");
        var run =
                new ConsumerThroughput.Run(
                        "[" + name + "]",
                        "bench-" + name,
                        inFlight,
                        records,
                        handlerMillis == 0
                                ? Double.NaN
                                : instances * inFlight * 1000.0 / handlerMillis,
                        handlerClass(handler),
                        specExtra,
                        // Several instances print a manifest each: count egress from the topic.
                        instances == 1,
                        (spec, names) -> {
                            List<String> command = java(options.get("consumer-classpath"));
                            command.addAll(1, jvmOptions);
                            command.addAll(
                                    List.of(
                                            "io.kappareplay.consumer.main.ConsumerMain",
                                            "--job-spec", spec.toString(),
                                            "--handler-jars", options.get("handler-jar"),
                                            "--mode", "job",
                                            "--max-in-flight", Integer.toString(inFlight),
                                            "--metrics-port", "0"));
                            if (exactlyOnce) {
                                command.addAll(List.of("--instance-id", "0"));
                            }
                            return instances == 1 ? command : several(command, instances);
                        });
        return record(name, bench.measure(run));
    }

    private static String handlerClass(String handler) {
        return switch (handler) {
            case "async" -> "io.kappareplay.bench.AsyncSleepingHandler";
            case "noop" -> "io.kappareplay.bench.NoopHandler";
            case "busy" -> "io.kappareplay.bench.BusyHandler";
            default -> "io.kappareplay.bench.SleepingHandler";
        };
    }

    private ConsumerThroughput.Point baseline(String name, String mode, int records, int sleepMs)
            throws Exception {
        return baseline(name, mode, records, sleepMs, 0);
    }

    private ConsumerThroughput.Point baseline(
            String name, String mode, int records, int sleepMs, long busyIterations)
            throws Exception {
        return baseline(name, mode, records, sleepMs, busyIterations, 1);
    }

    /**
     * @param threads the share baseline's threads, one share consumer each; 1 for the others
     */
    private ConsumerThroughput.Point baseline(
            String name, String mode, int records, int sleepMs, long busyIterations, int threads)
            throws Exception {
        boolean share = mode.equals("share");
        // Records the runtime works on at once: Parallel Consumer's maxConcurrency, the share
        // baseline's threads, the naive and raw loops' one thread.
        int concurrency = mode.equals("parallel-consumer") ? 1000 : threads;
        var run =
                new ConsumerThroughput.Run(
                        "[" + name + "]",
                        "bench-" + name,
                        1000,
                        records,
                        sleepMs == 0 ? Double.NaN : concurrency * 1000.0 / sleepMs,
                        "",
                        "",
                        false,
                        (spec, names) -> {
                            List<String> command =
                                    java(
                                            share
                                                    ? options.get("share-baseline-classpath")
                                                    : options.get("baseline-classpath"));
                            command.addAll(
                                    List.of(
                                            share ? "ShareConsumerBaseline" : "BaselineConsumers",
                                            "--mode", mode,
                                            "--bootstrap-servers",
                                                    options.get("bootstrap-servers"),
                                            "--ingress", names.ingressTopic(),
                                            "--egress", names.egressTopic(),
                                            "--group", names.consumerGroup(),
                                            "--records", Integer.toString(records),
                                            "--sleep-ms", Integer.toString(sleepMs),
                                            "--busy-iterations", Long.toString(busyIterations),
                                            "--max-concurrency", "1000",
                                            "--threads", Integer.toString(threads)));
                            return command;
                        });
        return record(name, bench.measure(run));
    }

    /**
     * Runs {@code instances} copies of a command in one shell, which waits for all of them; their
     * pids go to instances.pids for consumer.sh's cleanup, since a killed shell leaves them running.
     */
    private List<String> several(List<String> command, int instances) {
        StringBuilder line = new StringBuilder();
        for (String word : command) {
            line.append(" '").append(word.replace("'", "'\\''")).append("'");
        }
        Path pids = Path.of(options.get("work"), "instances.pids");
        String script =
                "for i in $(seq 1 " + instances + "); do" + line + " & echo $! >> '" + pids
                        + "'; done; status=0; for p in $(jobs -p); do wait $p || status=$?; done;"
                        + " exit $status";
        return List.of("bash", "-c", script);
    }

    private List<String> java(String classpath) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : options.getOrDefault("consumer-java-opts", "").split("\\s+")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(classpath);
        return command;
    }

    private ConsumerThroughput.Point record(String name, ConsumerThroughput.Point point) {
        points.put(name, point);
        if (!point.complete()) {
            notes.add(
                    name + ": " + point.egressRecords() + " egress records for "
                            + point.records() + " inputs");
        }
        return point;
    }

    // ---- results ----

    private void write() throws Exception {
        Path results = Path.of(options.get("results"));
        Files.createDirectories(results);
        Map<String, Object> runs = new LinkedHashMap<>();
        for (var entry : points.entrySet()) {
            var p = entry.getValue();
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("records", p.records());
            run.put("egress_records", p.egressRecords());
            run.put("window_seconds", p.windowSeconds());
            run.put("window_rate", p.windowPerSecond());
            run.put("wall_seconds", p.wallSeconds());
            run.put("wall_rate", p.wallPerSecond());
            run.put("cpu_seconds", p.cpuSeconds());
            run.put("cpu_us_per_record_window", p.windowCpuMicrosPerRecord());
            run.put("broker_cores_window", p.windowBrokerCores());
            run.put("others_cores_window", p.windowOtherCores());
            run.put("peak_rss_mb", p.peakRssKb() / 1024);
            run.put("complete", p.complete());
            runs.put(entry.getKey(), run);
        }
        Map<String, Object> all = new LinkedHashMap<>(figures);
        all.put("runs", runs);
        all.put("notes", notes);
        Files.writeString(results.resolve("consumer.json"), json(all, "") + "\n");
        Files.writeString(results.resolve("consumer.md"), markdown());
        Files.writeString(results.resolve("consumer.svg"), svg());
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| run | records | window rec/s | wall rec/s | CPU s | us/rec | broker cores |"
                + " complete |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (var entry : points.entrySet()) {
            var p = entry.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %,.0f | %.1f | %.0f | %.2f | %s |%n",
                    entry.getKey(), p.records(), p.windowPerSecond(), p.wallPerSecond(),
                    p.cpuSeconds(), p.windowCpuMicrosPerRecord(), p.windowBrokerCores(),
                    p.complete() ? "yes" : "NO"));
        }
        md.append("\n| figure | value | target |\n|---|---:|---:|\n");
        Map<String, String> targets = Map.of(
                "io_efficiency", "≥ 0.97", "io_vs_parallel_consumer", "≥ 1.2",
                "cpu_efficiency", "≥ 0.9", "noop_vs_raw", "≥ 0.6", "scaling_4x", "≥ 0.9",
                "eos_vs_alo", "≥ 0.8", "ours_vs_share_consumer", "≥ 1.0", "ours_vs_naive", "-");
        for (var entry : figures.entrySet()) {
            if (entry.getValue() instanceof Double d && !entry.getKey().endsWith("seconds")) {
                md.append(String.format(Locale.ROOT, "| %s | %.3f | %s |%n",
                        entry.getKey(), d, targets.getOrDefault(entry.getKey(), "-")));
            }
        }
        for (String note : notes) {
            md.append("\n- ").append(note);
        }
        return md.append("\n").toString();
    }

    /** A horizontal bar chart of each run's window rate. */
    private String svg() {
        int bar = 26;
        int width = 760;
        int left = 210;
        int height = 50 + bar * Math.max(points.size(), 1);
        double max = points.values().stream()
                .mapToDouble(ConsumerThroughput.Point::windowPerSecond).max().orElse(1);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<text x=\"10\" y=\"20\" font-size=\"14\">records/s from first to last"
                        + " egress record; 100 partitions; one instance unless -x2/-x4</text>%n",
                width, height));
        int y = 35;
        for (var entry : points.entrySet()) {
            double rate = entry.getValue().windowPerSecond();
            double w = (width - left - 90) * rate / max;
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                            + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                            + "<text x=\"%.1f\" y=\"%d\">%,.0f</text>%n",
                    left - 8, y + 16, entry.getKey(), left, y + 3, w, bar - 6,
                    entry.getKey().startsWith("ours") ? "#1f77b4" : "#ff7f0e",
                    left + w + 6, y + 16, rate));
            y += bar;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String json(Object value, String indent) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            String sep = "\n";
            for (var e : map.entrySet()) {
                out.append(sep).append(indent).append("  \"").append(e.getKey()).append("\": ")
                        .append(json(e.getValue(), indent + "  "));
                sep = ",\n";
            }
            return out.append("\n").append(indent).append("}").toString();
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            for (Object item : list) {
                items.add(json(item, indent));
            }
            return "[" + String.join(", ", items) + "]";
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.4f", d);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
