import io.kappareplay.local.TestingKafka;
import io.kappareplay.sink.EgressSinkJob;
import io.kappareplay.schemas.manifest.SinkManifest;
import io.kappareplay.sink.options.SinkOptionKey;
import io.kappareplay.sink.options.SinkOptions;
import io.kappareplay.sink.testing.EgressFixture;
import io.kappareplay.sink.testing.SinkRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * bench/sink.sh's driver: produces N egress records the way the consumer does (transactions, 0-output
 * markers) into a fresh job on a real broker (local/'s child JVM), then, in the same run, reads them
 * with a plain read_committed KafkaConsumer (raw) and lands them with EgressSinkJob in bounded mode
 * (in-process MiniCluster, default settings). Prints progress; writes the JSON and Markdown results.
 *
 * Usage: java -cp <egress-sink test classpath> bench/SinkComparison.java N PARTITIONS OUT_DIR
 */
public class SinkComparison {
    public static void main(String[] args) throws Exception {
        int records = Integer.parseInt(args[0]);
        int partitions = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        EgressFixture fixture = new EgressFixture("bench", partitions, records, 100);
        Path warehouse = SinkRuns.warehouse("sink-bench");
        System.out.printf("producing %,d egress records (+100 dead letters) to %d partitions...%n", records, partitions);
        long producing = System.nanoTime();
        fixture.produce(warehouse.toUri());
        System.out.printf("  produced in %.1f s%n", seconds(producing));

        System.out.println("raw: one read_committed KafkaConsumer over the egress and DLQ topics...");
        long rawStarted = System.nanoTime();
        long rawRecords = rawConsume(List.of(fixture.job.egressTopic(), fixture.job.dlqTopic()));
        double rawSeconds = seconds(rawStarted);
        System.out.printf("  %,d records in %.2f s: %,.0f records/s%n", rawRecords, rawSeconds, rawRecords / rawSeconds);

        System.out.println("sink: EgressSinkJob, bounded, default settings (MiniCluster start included)...");
        SinkOptions options = SinkRuns.bounded(fixture.job.jobId(), warehouse.toUri(), Map.<SinkOptionKey, String>of());
        long sinkStarted = System.nanoTime();
        SinkManifest manifest = EgressSinkJob.run(options, Optional.empty()).orElseThrow();
        double sinkSeconds = seconds(sinkStarted);
        long landed = manifest.egressRows() + manifest.dlqRows();
        System.out.printf("  %,d rows landed and committed in %.2f s: %,.0f rows/s%n", landed, sinkSeconds, landed / sinkSeconds);
        int maxFilesPerDay = manifest.days().stream().filter(d -> d.table().equals("egress")).mapToInt(SinkManifest.DayFiles::files).max().orElse(0);
        String days = manifest.days().stream().map(d -> d.table() + "/dt=" + d.dt() + ": " + d.files() + " file(s), " + d.rows() + " rows").collect(Collectors.joining("; "));
        System.out.println("  " + days);
        double ratio = (landed / sinkSeconds) / (rawRecords / rawSeconds);
        System.out.printf("sink_vs_raw = %.3f (target >= 0.3)%n", ratio);

        Files.createDirectories(out);
        Files.writeString(out.resolve("sink.json"), String.format(
                "{%n  \"records\": %d,%n  \"partitions\": %d,%n  \"parallelism\": %d,%n  \"checkpoint_interval\": \"%s\",%n"
                        + "  \"raw_records\": %d,%n  \"raw_seconds\": %.3f,%n  \"raw_records_per_second\": %.0f,%n"
                        + "  \"sink_rows\": %d,%n  \"sink_seconds\": %.3f,%n  \"sink_rows_per_second\": %.0f,%n"
                        + "  \"sink_vs_raw\": %.3f,%n  \"max_egress_files_per_dt\": %d,%n  \"complete\": %s%n}%n",
                records, partitions, options.parallelism(), options.checkpointInterval(), rawRecords, rawSeconds, rawRecords / rawSeconds,
                landed, sinkSeconds, landed / sinkSeconds, ratio, maxFilesPerDay, manifest.complete()));
        Files.writeString(out.resolve("sink.md"), String.format(
                "# Egress sink benchmark%n%n"
                        + "%,d egress records (transactions of ~5,000, 0-output markers, %d partitions) plus 100 dead letters,"
                        + " on one local broker (4.4.0, child JVM), 2 shared cores. Same run, same topics.%n%n"
                        + "| reader | what | seconds | per second |%n|---|---|---:|---:|%n"
                        + "| raw | one read_committed KafkaConsumer, bytes only | %.2f | %,.0f records |%n"
                        + "| sink | EgressSinkJob bounded, parallelism %d, MiniCluster start, decode via registry, Parquet (snappy), final commit, read-back, _SUCCESS, sink.json | %.2f | %,.0f rows |%n%n"
                        + "**sink_vs_raw = %.3f** (target >= 0.3). Files: %s.%n",
                records, partitions, rawSeconds, rawRecords / rawSeconds, options.parallelism(), sinkSeconds, landed / sinkSeconds, ratio, days));
        System.out.println("results: " + out.resolve("sink.json") + ", " + out.resolve("sink.md"));
        System.exit(0);
    }

    private static long rawConsume(List<String> topics) {
        Map<String, Object> config = new HashMap<>(TestingKafka.shared().clientProperties());
        config.put("isolation.level", "read_committed");
        config.put("enable.auto.commit", "false");
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = topics.stream()
                    .flatMap(topic -> consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> open = new HashMap<>(ends);
            while (!open.isEmpty()) {
                count += consumer.poll(Duration.ofMillis(200)).count();
                open.keySet().removeIf(partition -> consumer.position(partition) >= ends.get(partition));
            }
        }
        return count;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
