package io.kappareplay.sink.bounded;

import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.sink.rows.DlqRowSchema;
import io.kappareplay.sink.rows.LineageColumns;
import io.kappareplay.sink.rows.TopicRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * What has landed for a job, read back from the committed Parquet files (never counted from
 * offsets): rows per topic-partition they were read from, rows that repeat a Kafka record already
 * landed (in either table), files and rows per {@code dt} directory, and the hidden in-progress or
 * pending files a failed attempt left behind.
 */
public final class LandedTables {
    private static final Schema EGRESS_PROJECTION =
            SchemaBuilder.record("Projection")
                    .fields()
                    .requiredInt(LineageColumns.KAFKA_PARTITION)
                    .requiredLong(LineageColumns.KAFKA_OFFSET)
                    .endRecord();
    private static final Schema DLQ_PROJECTION =
            SchemaBuilder.record("Projection")
                    .fields()
                    .requiredString(DlqRowSchema.SOURCE_TOPIC)
                    .requiredInt(LineageColumns.KAFKA_PARTITION)
                    .requiredLong(LineageColumns.KAFKA_OFFSET)
                    .endRecord();

    /** One {@code dt=} directory of a table. */
    public record Day(TopicRole.Table table, String dt, Path directory, int files, long rows) {}

    /**
     * @param rows rows by table, then by the topic and partition they were read from
     * @param duplicates rows, by the topic and partition they were read from, whose Kafka offset an
     *     earlier row (in either table) already has
     * @param days every {@code dt=} directory, in order
     * @param orphans hidden part files no commit will ever publish
     */
    public record ReadBack(
            Map<TopicRole.Table, Map<String, Map<Integer, Long>>> rows,
            Map<String, Map<Integer, Long>> duplicates,
            List<Day> days,
            List<Path> orphans) {

        /** Rows of {@code table} read from {@code topic}'s {@code partition}. */
        public long rows(TopicRole.Table table, String topic, int partition) {
            return rows.getOrDefault(table, Map.of())
                    .getOrDefault(topic, Map.of())
                    .getOrDefault(partition, 0L);
        }

        /**
         * Rows read from {@code topic}'s {@code partition} that repeat an offset already landed.
         */
        public long duplicates(String topic, int partition) {
            return duplicates.getOrDefault(topic, Map.of()).getOrDefault(partition, 0L);
        }

        /** Data files in all days. */
        public int files() {
            return days.stream().mapToInt(Day::files).sum();
        }
    }

    private LandedTables() {}

    public static ReadBack read(URI warehouse, JobNames job) {
        Map<TopicRole.Table, Map<String, Map<Integer, Long>>> rows = new TreeMap<>();
        List<Day> days = new ArrayList<>();
        List<Path> orphans = new ArrayList<>();
        Map<String, Map<Integer, OffsetSet>> offsets = new TreeMap<>();
        Map<String, Map<Integer, Long>> duplicates = new TreeMap<>();
        try {
            for (TopicRole.Table table : TopicRole.Table.values()) {
                Path tableDirectory =
                        new Path(
                                table == TopicRole.Table.EGRESS
                                        ? job.egressPath(warehouse)
                                        : job.dlqPath(warehouse));
                FileSystem fileSystem = tableDirectory.getFileSystem();
                if (!fileSystem.exists(tableDirectory)) {
                    continue;
                }
                Map<String, Map<Integer, Long>> byTopic =
                        rows.computeIfAbsent(table, t -> new TreeMap<>());
                for (FileStatus day : sorted(fileSystem.listStatus(tableDirectory))) {
                    String name = day.getPath().getName();
                    if (!day.isDir() || !name.startsWith("dt=")) {
                        continue;
                    }
                    int files = 0;
                    long dayRows = 0;
                    for (FileStatus file : sorted(fileSystem.listStatus(day.getPath()))) {
                        String fileName = file.getPath().getName();
                        if (fileName.startsWith(".")) {
                            if (fileName.contains(".inprogress")) {
                                orphans.add(file.getPath());
                            }
                            continue;
                        }
                        if (fileName.startsWith("_") || file.isDir()) {
                            continue;
                        }
                        files++;
                        dayRows +=
                                count(fileSystem, file, table, job, byTopic, offsets, duplicates);
                    }
                    days.add(new Day(table, name.substring(3), day.getPath(), files, dayRows));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read back the landed files of job " + job.jobId() + ": " + e, e);
        }
        return new ReadBack(rows, duplicates, days, orphans);
    }

    private static long count(
            FileSystem fileSystem,
            FileStatus file,
            TopicRole.Table table,
            JobNames job,
            Map<String, Map<Integer, Long>> byTopic,
            Map<String, Map<Integer, OffsetSet>> offsets,
            Map<String, Map<Integer, Long>> duplicates)
            throws IOException {
        Configuration conf = new Configuration(false);
        AvroReadSupport.setRequestedProjection(
                conf, table == TopicRole.Table.EGRESS ? EGRESS_PROJECTION : DLQ_PROJECTION);
        long count = 0;
        try (ParquetReader<GenericRecord> reader =
                AvroParquetReader.<GenericRecord>builder(
                                new ParquetInputFile(
                                        fileSystem.open(file.getPath()), file.getLen()))
                        .withDataModel(GenericData.get())
                        .withConf(conf)
                        .build()) {
            for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                String topic =
                        table == TopicRole.Table.EGRESS
                                ? job.egressTopic()
                                : row.get(DlqRowSchema.SOURCE_TOPIC).toString();
                Integer partition = (Integer) row.get(LineageColumns.KAFKA_PARTITION);
                byTopic.computeIfAbsent(topic, t -> new TreeMap<>())
                        .merge(partition, 1L, Long::sum);
                boolean first =
                        offsets.computeIfAbsent(topic, t -> new TreeMap<>())
                                .computeIfAbsent(partition, p -> new OffsetSet())
                                .add((Long) row.get(LineageColumns.KAFKA_OFFSET));
                if (!first) {
                    duplicates
                            .computeIfAbsent(topic, t -> new TreeMap<>())
                            .merge(partition, 1L, Long::sum);
                }
                count++;
            }
        }
        return count;
    }

    private static List<FileStatus> sorted(FileStatus[] statuses) {
        List<FileStatus> list =
                new ArrayList<>(List.of(statuses == null ? new FileStatus[0] : statuses));
        list.sort(Comparator.comparing(status -> status.getPath().getName()));
        return list;
    }
}
