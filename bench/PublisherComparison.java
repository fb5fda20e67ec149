import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The driver of bench/publisher.sh (issue 6): on one local broker, runs the ingress publisher's
 * spark-app jar with spark-submit (local[2]) over the generated Parquet table, then Kafka's stock
 * producer perf tool ({@code org.apache.kafka.tools.ProducerPerformance}, a child JVM as
 * kafka-producer-perf-test.sh starts it) with as many records of the publisher's mean value size,
 * and writes publisher.json, publisher.md and publisher.svg.
 *
 * <p>The publisher's rate is its own: rows over the publish phase the job times and prints
 * ("published N of M rows in S s": read, repartition and sort, coerce, encode, send, commit, write
 * the rejects), and over spark-submit's wall time (JVM and Spark start, pre-flight, registry, topic,
 * publish, read-back, ledger, manifest). The perf tool's rate is its own final line (first send to
 * the last acknowledgement, the last commit and close included).
 */
public final class PublisherComparison {
    private static final int PARTITIONS = 100;
    private static final int SAMPLE_RECORDS = 50_000;
    private static final double TARGET = 0.5;
    private static final Pattern PUBLISHED =
            Pattern.compile("published (\\d+) of (\\d+) rows in ([0-9.]+) s");
    private static final Pattern READ_BACK = Pattern.compile("read back (\\d+) committed records");
    private static final Pattern TOTAL =
            Pattern.compile(
                    "^(\\d+) records sent, ([0-9.]+) records/sec \\(([0-9.]+) MB/sec\\),"
                            + " ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency, (\\d+) ms"
                            + " 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    private final Map<String, String> options;
    private final Path work;
    private final long rows;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> runs = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Admin admin;
    private volatile Process child;
    private boolean topicSeen;

    private PublisherComparison(Map<String, String> options) {
        this.options = options;
        this.work = Path.of(options.get("work"));
        this.rows = Long.parseLong(options.get("rows"));
        this.admin = Admin.create(Map.of("bootstrap.servers", options.get("bootstrap-servers")));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].substring(2), args[i + 1]);
        }
        PublisherComparison bench = new PublisherComparison(options);
        try {
            bench.run();
        } finally {
            bench.admin.close(Duration.ofSeconds(5));
        }
    }

    private void run() throws Exception {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    Process running = child;
                                    if (running != null && running.isAlive()) {
                                        running.descendants()
                                                .forEach(ProcessHandle::destroyForcibly);
                                        running.destroyForcibly();
                                    }
                                }));
        String compression = options.get("compression");
        figures.put("rows", rows);
        figures.put("cores", Runtime.getRuntime().availableProcessors());
        figures.put("load_before", loadAverage());
        figures.put("kafka_version", options.get("kafka-version"));
        figures.put("spark_version", options.get("spark-version"));
        figures.put("compression", compression);
        String producerProperties = options.getOrDefault("producer-properties", "");
        figures.put(
                "producer_properties",
                producerProperties.isBlank() ? "publisher defaults" : producerProperties);
        figures.put("ingress_partitions", PARTITIONS);
        figures.put("spark_partitions", Integer.parseInt(options.get("shuffle-partitions")));
        System.out.printf(
                Locale.ROOT,
                "%,d rows; %s compression; %d cores; load %s%n",
                rows,
                compression,
                Runtime.getRuntime().availableProcessors(),
                loadAverage());
        if (rows < 1_000_000) {
            String fewer =
                    String.format(
                            Locale.ROOT,
                            "%,d rows, fewer than issue 6's 1,000,000: Spark's start and the"
                                    + " JIT weigh more on the publisher's rates",
                            rows);
            notes.add(fewer);
            System.out.println("note: " + fewer);
        }
        Path producerConfig = writeProducerConfig(compression);

        long warmUp = Long.parseLong(options.get("warmup-records"));
        if (warmUp > 0) {
            // A broker that has just started runs its first producer slower (JIT, page cache, the
            // transaction coordinator's topic): nobody measured should pay for going first.
            createTopic("bench.warm-up");
            perfTool(
                    "warm-up",
                    "bench.warm-up",
                    warmUp,
                    producerConfig,
                    List.of("--record-size", "200"));
            runs.remove("warm-up");
        }

        publisher();

        String ingress = "kappa." + options.get("job") + ".ingress";
        Path payloads = work.resolve("sampled-payloads.txt");
        long recordSize = sample(ingress, payloads);
        String transactionMs = options.get("raw-transaction-ms");

        createTopic("bench.raw-transactional");
        perfTool(
                "raw-transactional",
                "bench.raw-transactional",
                rows,
                producerConfig,
                List.of(
                        "--record-size",
                        Long.toString(recordSize),
                        "--transactional-id",
                        "bench-raw-transactional",
                        "--transaction-duration-ms",
                        transactionMs));
        createTopic("bench.raw-transactional-sampled");
        perfTool(
                "raw-transactional-sampled",
                "bench.raw-transactional-sampled",
                rows,
                producerConfig,
                List.of(
                        "--payload-file",
                        payloads.toString(),
                        "--transactional-id",
                        "bench-raw-transactional-sampled",
                        "--transaction-duration-ms",
                        transactionMs));
        createTopic("bench.raw-plain");
        perfTool(
                "raw-plain",
                "bench.raw-plain",
                rows,
                producerConfig,
                List.of("--record-size", Long.toString(recordSize)));

        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("publisher", ingress);
        topics.put("raw-transactional", "bench.raw-transactional");
        topics.put("raw-transactional-sampled", "bench.raw-transactional-sampled");
        topics.put("raw-plain", "bench.raw-plain");
        Map<String, Long> logBytes = logBytes(topics.values());
        topics.forEach(
                (run, topic) -> {
                    long records =
                            ((Number) runs.get(run).getOrDefault("records", rows)).longValue();
                    runs.get(run)
                            .put(
                                    "log_bytes_per_record",
                                    logBytes.getOrDefault(topic, 0L) / (double) records);
                });

        double publisher = (double) figures.get("publisher_records_per_second");
        double raw = rate("raw-transactional");
        figures.put("raw_records_per_second", raw);
        figures.put("raw_sampled_records_per_second", rate("raw-transactional-sampled"));
        figures.put("raw_plain_records_per_second", rate("raw-plain"));
        figures.put("publisher_vs_raw", publisher / raw);
        figures.put("publisher_vs_raw_target", TARGET);
        figures.put("publisher_vs_raw_met", publisher / raw >= TARGET);
        figures.put("publisher_vs_raw_sampled", publisher / rate("raw-transactional-sampled"));
        figures.put(
                "publisher_end_to_end_vs_raw",
                (double) figures.get("publisher_end_to_end_records_per_second") / raw);
        figures.put("raw_transactional_vs_plain", raw / rate("raw-plain"));
        figures.put("load_after", loadAverage());
        write(Path.of(options.get("results")));
        System.out.println();
        System.out.print(markdown());
    }

    /** The producer settings both sides share: the publisher's (ProducerProperties) as a file. */
    private Path writeProducerConfig(String compression) throws IOException {
        Path file = work.resolve("perf-producer.properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "# The ingress publisher's producer settings (ProducerProperties): acks=all,",
                        "# idempotence, its compression, 128 KiB batches, 100 ms linger, 64 MiB.",
                        "bootstrap.servers=" + options.get("bootstrap-servers"),
                        "acks=all",
                        "enable.idempotence=true",
                        "compression.type=" + compression,
                        "batch.size=131072",
                        "linger.ms=100",
                        "buffer.memory=67108864",
                        ""));
        return file;
    }

    private void createTopic(String topic) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
    }

    /**
     * spark-submit runs the spark-app jar to its end; meanwhile the ingress topic's end offsets are
     * read twice a second for the progress line and the broker-side window.
     */
    private void publisher() throws Exception {
        String topic = "kappa." + options.get("job") + ".ingress";
        Path sparkWork = Files.createDirectories(work.resolve("spark"));
        Path log = work.resolve("spark-submit.log");
        List<String> command =
                List.of(
                        options.get("spark-submit"),
                        "--master",
                        "local[2]",
                        "--driver-memory",
                        options.get("driver-memory"),
                        "--conf",
                        "spark.driver.host=127.0.0.1",
                        "--conf",
                        "spark.driver.bindAddress=127.0.0.1",
                        "--conf",
                        "spark.ui.enabled=false",
                        "--conf",
                        "spark.sql.shuffle.partitions=" + options.get("shuffle-partitions"),
                        "--conf",
                        "spark.sql.warehouse.dir=" + sparkWork.resolve("warehouse").toUri(),
                        "--conf",
                        "spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName="
                                + sparkWork.resolve("metastore_db")
                                + ";create=true",
                        "--driver-java-options",
                        ("-Dderby.system.home=" + sparkWork.resolve("derby") + " "
                                        + options.getOrDefault("driver-java-options", ""))
                                .trim(),
                        options.get("spark-app-jar"),
                        "--spec",
                        options.get("spec"),
                        "--compression",
                        options.get("compression"));
        System.out.println();
        System.out.println("=== publisher: spark-submit --master local[2] <spark-app jar> --spec job.yaml");
        String loadBefore = loadAverage();
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(sparkWork.toFile()).redirectErrorStream(true);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        long started = System.nanoTime();
        Process process = builder.start();
        child = process;
        double[] publishCpu = new double[4];
        Thread reader =
                copyOutput(
                        process,
                        log,
                        line -> {
                            if (line.contains("[kappa-publisher")) {
                                System.out.println("  " + line);
                            }
                            // The publish phase, as the job times it: between these two lines.
                            if (line.contains("] publishing in ")) {
                                publishCpu[0] = treeCpuSeconds(process.toHandle());
                                publishCpu[1] = brokerCpuSeconds();
                            } else if (line.contains("] published ")) {
                                publishCpu[2] = treeCpuSeconds(process.toHandle());
                                publishCpu[3] = brokerCpuSeconds();
                            }
                        });
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        long lastEmpty = started;
        long firstFull = 0;
        long lastPrinted = started;
        long lastOffsets = 0;
        while (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
            long offsets = endOffsets(partitions);
            long now = System.nanoTime();
            if (offsets <= 0) {
                lastEmpty = now;
            } else if (offsets >= rows && firstFull == 0) {
                firstFull = now;
            }
            if (now - lastPrinted >= 2_000_000_000L && offsets > 0) {
                System.out.printf(
                        Locale.ROOT,
                        "  %5.1f s  ingress end offsets %,d (%,.0f/s, transaction markers"
                                + " included); load %s%n",
                        (now - started) / 1e9,
                        offsets,
                        (offsets - lastOffsets) / ((now - lastPrinted) / 1e9),
                        loadAverage());
                lastPrinted = now;
                lastOffsets = offsets;
            }
        }
        long ended = System.nanoTime();
        child = null;
        reader.join();
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "spark-submit exited with "
                            + process.exitValue()
                            + "; the end of its output:\n"
                            + tail(log, 60));
        }
        String output = Files.readString(log);
        Matcher published = PUBLISHED.matcher(output);
        if (!published.find()) {
            throw new IllegalStateException(
                    "spark-submit printed no \"published N of M rows in S s\" line:\n"
                            + tail(log, 60));
        }
        long publishedRows = Long.parseLong(published.group(1));
        long snapshotRows = Long.parseLong(published.group(2));
        double publishSeconds = Double.parseDouble(published.group(3));
        Matcher readBack = READ_BACK.matcher(output);
        long committed = readBack.find() ? Long.parseLong(readBack.group(1)) : -1;
        double wallSeconds = (ended - started) / 1e9;
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("records", publishedRows);
        run.put("snapshot_rows", snapshotRows);
        run.put("committed_records_read_back", committed);
        run.put("complete", publishedRows == rows && committed == rows);
        run.put("publish_seconds", publishSeconds);
        run.put("records_per_second", publishedRows / publishSeconds);
        run.put("wall_seconds", wallSeconds);
        run.put("end_to_end_records_per_second", publishedRows / wallSeconds);
        if (firstFull > 0) {
            // Between the last sample with an empty topic and the first holding every row: a
            // broker-side view of the publish, up to two sampling intervals (1 s) too long.
            double window = (firstFull - lastEmpty) / 1e9;
            run.put("broker_window_seconds", window);
            run.put("broker_window_records_per_second", publishedRows / window);
            figures.put("publisher_broker_window_records_per_second", publishedRows / window);
        }
        putCpu(run, publishedRows, publishCpu[2] - publishCpu[0], publishCpu[3] - publishCpu[1]);
        run.put("load_before", loadBefore);
        run.put("load_after", loadAverage());
        runs.put("publisher", run);
        figures.put("publisher_records_per_second", publishedRows / publishSeconds);
        figures.put("publisher_publish_seconds", publishSeconds);
        figures.put("publisher_end_to_end_records_per_second", publishedRows / wallSeconds);
        figures.put("publisher_wall_seconds", wallSeconds);
        figures.put("publisher_committed_records", committed);
        System.out.printf(
                Locale.ROOT,
                "publisher: %,d rows published in %.1f s of publish phase (%,.0f rows/s), %.1f s"
                        + " spark-submit wall (%,.0f rows/s end to end); %,d committed records read"
                        + " back%n",
                publishedRows,
                publishSeconds,
                publishedRows / publishSeconds,
                wallSeconds,
                publishedRows / wallSeconds,
                committed);
        if (publishedRows != rows || committed != rows) {
            notes.add(
                    "the publisher published "
                            + publishedRows
                            + " and read back "
                            + committed
                            + " records of "
                            + rows
                            + " rows");
        }
    }

    /** The sum of the partitions' end offsets, 0 while the topic does not exist yet. */
    private long endOffsets(List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        try {
            // Offsets of a topic that does not exist yet would be retried for a minute.
            if (!topicSeen) {
                topicSeen =
                        admin.listTopics()
                                .names()
                                .get(2, TimeUnit.SECONDS)
                                .contains(partitions.get(0).topic());
                if (!topicSeen) {
                    return 0;
                }
            }
            return admin.listOffsets(latest).all().get(2, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset())
                    .sum();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Reads up to {@link #SAMPLE_RECORDS} committed records of the publisher's topic: their mean
     * key, value and header sizes go into the figures, and their values, each byte that is not
     * printable ASCII replaced by a letter (same length, text left as it is), into {@code payloads}
     * for the perf tool's --payload-file, which reads UTF-8 lines.
     *
     * @return the mean value size, rounded: the perf tool's --record-size
     */
    private long sample(String topic, Path payloads) throws IOException {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", options.get("bootstrap-servers"));
        config.put("isolation.level", "read_committed");
        config.put("max.poll.records", "5000");
        long keyBytes = 0;
        long valueBytes = 0;
        long headerBytes = 0;
        long headers = 0;
        int sampled = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(
                                config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                PrintWriter out =
                        new PrintWriter(Files.newBufferedWriter(payloads, StandardCharsets.UTF_8))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (sampled < SAMPLE_RECORDS
                    && System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (sampled == SAMPLE_RECORDS) {
                        break;
                    }
                    sampled++;
                    keyBytes += record.key() == null ? 0 : record.key().length;
                    valueBytes += record.value().length;
                    for (Header header : record.headers()) {
                        headers++;
                        headerBytes +=
                                header.key().getBytes(StandardCharsets.UTF_8).length
                                        + (header.value() == null ? 0 : header.value().length);
                    }
                    out.print(printable(record.value()));
                    out.print('\n');
                }
            }
        }
        if (sampled == 0) {
            throw new IllegalStateException("read no committed record of " + topic);
        }
        double value = valueBytes / (double) sampled;
        figures.put("sampled_records", sampled);
        figures.put("value_bytes_mean", value);
        figures.put("key_bytes_mean", keyBytes / (double) sampled);
        figures.put("header_bytes_mean", headerBytes / (double) sampled);
        figures.put("headers_per_record", headers / (double) sampled);
        long recordSize = Math.round(value);
        figures.put("raw_record_bytes", recordSize);
        System.out.printf(
                Locale.ROOT,
                "sampled %,d records of %s: value %.1f bytes (Avro with the 5-byte framing), key"
                        + " %.1f, %.1f headers of %.1f bytes in all; the perf tool sends values of"
                        + " %d bytes%n",
                sampled,
                topic,
                value,
                keyBytes / (double) sampled,
                headers / (double) sampled,
                headerBytes / (double) sampled,
                recordSize);
        return recordSize;
    }

    /** Same length; printable ASCII kept, every other byte mapped onto a letter, so no newline. */
    private static String printable(byte[] value) {
        char[] text = new char[value.length];
        for (int i = 0; i < value.length; i++) {
            int b = value[i] & 0xff;
            text[i] = b >= 0x20 && b < 0x7f ? (char) b : (char) ('a' + b % 26);
        }
        return new String(text);
    }

    /**
     * One run of Kafka's ProducerPerformance in a JVM of its own, as kafka-producer-perf-test.sh
     * starts it (-Xmx512M), with --throughput -1; its progress lines are printed as they come.
     */
    private void perfTool(
            String name, String topic, long records, Path producerConfig, List<String> payload)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(
                List.of(
                        "-Xmx512M",
                        "-Duser.language=en",
                        "-Dslf4j.internal.verbosity=ERROR",
                        "-cp",
                        Files.readString(Path.of(options.get("tools-classpath"))).trim(),
                        "org.apache.kafka.tools.ProducerPerformance",
                        "--topic",
                        topic,
                        "--num-records",
                        Long.toString(records),
                        "--throughput",
                        "-1",
                        "--producer.config",
                        producerConfig.toString()));
        command.addAll(payload);
        System.out.println();
        System.out.println(
                "=== " + name + ": ProducerPerformance --num-records " + records + " "
                        + String.join(" ", payload).replace(work.toString(), "<work>"));
        String loadBefore = loadAverage();
        Path log = work.resolve(name + ".log");
        long started = System.nanoTime();
        double brokerBefore = brokerCpuSeconds();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        child = process;
        Thread reader =
                copyOutput(
                        process,
                        log,
                        line -> {
                            if (line.contains("records sent")) {
                                System.out.println("  " + line);
                            }
                        });
        // A process that has exited has no CPU time left to read: sample it while it runs.
        double clientCpu = 0;
        while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
            clientCpu = Math.max(clientCpu, treeCpuSeconds(process.toHandle()));
        }
        int exit = process.exitValue();
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        double brokerCpu = brokerCpuSeconds() - brokerBefore;
        child = null;
        reader.join();
        Matcher total = null;
        for (String line : Files.readAllLines(log)) {
            Matcher m = TOTAL.matcher(line);
            if (m.find()) {
                total = m;
            }
        }
        if (exit != 0 || total == null) {
            throw new IllegalStateException(
                    "ProducerPerformance (" + name + ") exited with " + exit
                            + " without its summary line:\n" + tail(log, 40));
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("records", Long.parseLong(total.group(1)));
        run.put("complete", Long.parseLong(total.group(1)) == records);
        run.put("records_per_second", Double.parseDouble(total.group(2)));
        run.put("mb_per_second", Double.parseDouble(total.group(3)));
        run.put("latency_avg_ms", Double.parseDouble(total.group(4)));
        run.put("latency_max_ms", Double.parseDouble(total.group(5)));
        run.put("latency_p50_ms", Long.parseLong(total.group(6)));
        run.put("latency_p99_ms", Long.parseLong(total.group(8)));
        run.put("wall_seconds", wallSeconds);
        run.put("end_to_end_records_per_second", records / wallSeconds);
        putCpu(run, records, clientCpu, brokerCpu);
        run.put("load_before", loadBefore);
        run.put("load_after", loadAverage());
        runs.put(name, run);
    }

    /**
     * CPU per record of the producing side and of the broker: where the time of a run went on a
     * machine whose cores they share. For the publisher, its publish phase only.
     */
    private static void putCpu(
            Map<String, Object> run, long records, double clientSeconds, double brokerSeconds) {
        run.put("client_cpu_seconds", clientSeconds);
        run.put("broker_cpu_seconds", brokerSeconds);
        run.put("client_cpu_us_per_record", clientSeconds * 1e6 / records);
        run.put("broker_cpu_us_per_record", brokerSeconds * 1e6 / records);
    }

    /** CPU time of a process and its descendants so far (spark-submit's script starts a JVM). */
    private static double treeCpuSeconds(ProcessHandle root) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root.descendants())
                        .mapToLong(
                                handle ->
                                        handle.info()
                                                .totalCpuDuration()
                                                .map(Duration::toNanos)
                                                .orElse(0L))
                        .sum()
                / 1e9;
    }

    /** CPU time of the local stack's broker so far; 0 when bench/publisher.sh gave no pid. */
    private double brokerCpuSeconds() {
        String pid = options.getOrDefault("broker-pid", "");
        if (pid.isBlank()) {
            return 0;
        }
        return ProcessHandle.of(Long.parseLong(pid))
                        .flatMap(handle -> handle.info().totalCpuDuration())
                        .map(Duration::toNanos)
                        .orElse(0L)
                / 1e9;
    }

    private double rate(String run) {
        return ((Number) runs.get(run).get("records_per_second")).doubleValue();
    }

    /** Bytes of each topic's log on the broker's disks (all replicas; the local stack has one). */
    private Map<String, Long> logBytes(java.util.Collection<String> topics) throws Exception {
        List<Integer> brokers =
                admin.describeCluster().nodes().get().stream().map(Node::id).toList();
        Map<String, Long> bytes = new HashMap<>();
        admin.describeLogDirs(brokers).allDescriptions().get().values().stream()
                .flatMap(dirs -> dirs.values().stream())
                .flatMap(dir -> dir.replicaInfos().entrySet().stream())
                .filter(e -> topics.contains(e.getKey().topic()))
                .forEach(
                        e -> bytes.merge(e.getKey().topic(), e.getValue().size(), Long::sum));
        return bytes;
    }

    /** Copies the child's output into {@code log}, handing each line to {@code onLine} as well. */
    private static Thread copyOutput(Process process, Path log, Consumer<String> onLine) {
        Thread thread =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                            new BufferedReader(
                                                    new InputStreamReader(
                                                            process.getInputStream(),
                                                            StandardCharsets.UTF_8));
                                    PrintWriter out =
                                            new PrintWriter(
                                                    Files.newBufferedWriter(
                                                            log, StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = in.readLine()) != null) {
                                    out.println(line);
                                    onLine.accept(line);
                                }
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        "output-" + log.getFileName());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String tail(Path log, int lines) throws IOException {
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private void write(Path results) throws IOException {
        Files.createDirectories(results);
        Map<String, Object> all = new LinkedHashMap<>(figures);
        all.put("runs", runs);
        all.put("notes", notes);
        Files.writeString(results.resolve("publisher.json"), json(all, "") + "\n");
        Files.writeString(results.resolve("publisher.md"), markdown());
        Files.writeString(results.resolve("publisher.svg"), svg());
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(
                "| run | records | records/s | wall s | records/s, wall | log bytes/record |"
                        + " client CPU µs/record | broker CPU µs/record |"
                        + " load 1m before, after | complete |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (var entry : runs.entrySet()) {
            Map<String, Object> run = entry.getValue();
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %,d | %,.0f | %.1f | %,.0f | %.1f | %.1f | %.1f | %s, %s | %s |%n",
                            entry.getKey(),
                            ((Number) run.get("records")).longValue(),
                            ((Number) run.get("records_per_second")).doubleValue(),
                            ((Number) run.get("wall_seconds")).doubleValue(),
                            ((Number) run.get("end_to_end_records_per_second")).doubleValue(),
                            ((Number) run.getOrDefault("log_bytes_per_record", 0.0)).doubleValue(),
                            ((Number) run.getOrDefault("client_cpu_us_per_record", 0.0))
                                    .doubleValue(),
                            ((Number) run.getOrDefault("broker_cpu_us_per_record", 0.0))
                                    .doubleValue(),
                            first(run.get("load_before")),
                            first(run.get("load_after")),
                            Boolean.TRUE.equals(run.get("complete")) ? "yes" : "NO"));
        }
        md.append("\n| figure | value | target |\n|---|---:|---:|\n");
        for (var entry : figures.entrySet()) {
            Object value = entry.getValue();
            String target = entry.getKey().equals("publisher_vs_raw") ? "≥ " + TARGET : "-";
            if (entry.getKey().equals("publisher_vs_raw_target")) {
                continue;
            }
            String text =
                    value instanceof Double d
                            ? String.format(Locale.ROOT, d >= 100 ? "%,.0f" : "%.3f", d)
                            : String.valueOf(value);
            md.append("| ").append(entry.getKey()).append(" | ").append(text).append(" | ")
                    .append(target).append(" |\n");
        }
        for (String note : notes) {
            md.append("\n- ").append(note);
        }
        return md.append("\n").toString();
    }

    private static String first(Object load) {
        return load == null ? "?" : load.toString().split(" ")[0];
    }

    /** Horizontal bars of records/s, with the target (0.5 of the transactional raw run) marked. */
    private String svg() {
        Map<String, Double> bars = new LinkedHashMap<>();
        bars.put("publisher (publish phase)", (Double) figures.get("publisher_records_per_second"));
        bars.put(
                "publisher (spark-submit wall)",
                (Double) figures.get("publisher_end_to_end_records_per_second"));
        bars.put("perf tool, transactional", rate("raw-transactional"));
        bars.put("perf tool, txn, sampled values", rate("raw-transactional-sampled"));
        bars.put("perf tool, not transactional", rate("raw-plain"));
        int bar = 28;
        int width = 800;
        int left = 230;
        int height = 80 + bar * bars.size();
        double max = bars.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double scale = (width - left - 100) / max;
        StringBuilder svg =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                                        + " height=\"%d\" font-family=\"sans-serif\""
                                        + " font-size=\"12\">%n"
                                        + "<rect width=\"100%%\" height=\"100%%\""
                                        + " fill=\"white\"/>%n"
                                        + "<text x=\"10\" y=\"20\" font-size=\"14\">records/s,"
                                        + " %,d records of ~%d bytes, %s, acks=all, 100"
                                        + " partitions, one broker, %d cores</text>%n",
                                width,
                                height,
                                rows,
                                (Long) figures.get("raw_record_bytes"),
                                figures.get("compression"),
                                Runtime.getRuntime().availableProcessors()));
        int y = 35;
        for (var entry : bars.entrySet()) {
            double w = entry.getValue() * scale;
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                                    + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                                    + " fill=\"%s\"/><text x=\"%.1f\" y=\"%d\">%,.0f</text>%n",
                            left - 8,
                            y + 16,
                            entry.getKey(),
                            left,
                            y + 3,
                            w,
                            bar - 6,
                            entry.getKey().startsWith("publisher") ? "#1f77b4" : "#ff7f0e",
                            left + w + 6,
                            y + 16,
                            entry.getValue()));
            y += bar;
        }
        double target = left + TARGET * rate("raw-transactional") * scale;
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d62728\""
                                + " stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%d\""
                                + " fill=\"#d62728\">target: %.1f × transactional perf tool;"
                                + " publisher %.2f ×</text>%n",
                        target,
                        target,
                        y + 4,
                        target + 4,
                        y + 20,
                        TARGET,
                        (Double) figures.get("publisher_vs_raw")));
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
