package io.kappareplay.sink.bounded;

import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.manifest.SinkManifest;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.sink.rows.TopicRole;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.kafka.common.TopicPartition;

/**
 * What a bounded run does once Flink has committed its last files: reads the landed tables back,
 * removes the hidden part files of failed attempts, and when every partition's rows match {@code
 * egress.json} once each and the topics held no committed record outside what the run read ({@link
 * TopicExtent}), writes {@code _SUCCESS} into each {@code dt=} directory and then {@code
 * sink.json}. Anything else writes {@code sink.json} with {@code complete: false}, no {@code
 * _SUCCESS}, and fails naming each partition and what is wrong with it.
 */
public final class BoundedCompletion {
    private BoundedCompletion() {}

    /**
     * @param earliest each partition's earliest offset before the run read anything
     * @param committedAfter committed records at or after each partition's end offset, counted once
     *     the run had finished
     * @throws IncompleteLandingException if a committed record did not land, or landed twice
     */
    public static SinkManifest complete(
            URI warehouse,
            JobNames job,
            StopOffsets stop,
            Map<TopicPartition, Long> earliest,
            Map<TopicPartition, Long> committedAfter) {
        LandedTables.ReadBack landed = LandedTables.read(warehouse, job);
        try {
            for (Path orphan : landed.orphans()) {
                orphan.getFileSystem().delete(orphan, false);
            }
            EgressManifest egress = stop.manifest();
            SinkManifest.TopicRows egressRows =
                    rows(egress.egress(), landed, TopicRole.Table.EGRESS, earliest, committedAfter);
            SinkManifest.TopicRows dlqRows =
                    rows(egress.dlq(), landed, TopicRole.Table.DLQ, earliest, committedAfter);
            boolean complete =
                    egressRows.partitions().stream().allMatch(SinkManifest.PartitionRows::complete)
                            && dlqRows.partitions().stream()
                                    .allMatch(SinkManifest.PartitionRows::complete);
            List<SinkManifest.DayFiles> days =
                    landed.days().stream()
                            .map(
                                    day ->
                                            new SinkManifest.DayFiles(
                                                    day.table().directory(),
                                                    day.dt(),
                                                    day.files(),
                                                    day.rows()))
                            .toList();
            long egressTableRows =
                    landed.days().stream()
                            .filter(day -> day.table() == TopicRole.Table.EGRESS)
                            .mapToLong(LandedTables.Day::rows)
                            .sum();
            SinkManifest manifest =
                    new SinkManifest(
                            job.jobId(),
                            Instant.now(),
                            stop.location().toString(),
                            complete,
                            egressTableRows,
                            landed.days().stream().mapToLong(LandedTables.Day::rows).sum()
                                    - egressTableRows,
                            egressRows,
                            dlqRows,
                            days,
                            landed.orphans().size());
            if (complete) {
                for (LandedTables.Day day : landed.days()) {
                    write(new Path(day.directory(), "_SUCCESS"), "");
                }
            }
            write(new Path(job.sinkManifest(warehouse)), manifest.toJson());
            if (!complete) {
                List<String> problems = new ArrayList<>();
                for (SinkManifest.TopicRows topic : List.of(egressRows, dlqRows)) {
                    for (SinkManifest.PartitionRows partition : topic.partitions()) {
                        partition
                                .problems()
                                .forEach(
                                        problem ->
                                                problems.add(
                                                        topic.topic()
                                                                + "-"
                                                                + partition.partition()
                                                                + ": "
                                                                + problem));
                    }
                }
                throw new IncompleteLandingException(
                        "Job "
                                + job.jobId()
                                + ": not every committed record of its topics landed once (checked"
                                + " against "
                                + stop.location()
                                + "; see "
                                + job.sinkManifest(warehouse)
                                + "); no _SUCCESS written:\n  "
                                + String.join("\n  ", problems));
            }
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot mark the landed files of job " + job.jobId() + " complete: " + e, e);
        }
    }

    private static SinkManifest.TopicRows rows(
            EgressManifest.TopicEnd topic,
            LandedTables.ReadBack landed,
            TopicRole.Table table,
            Map<TopicPartition, Long> earliest,
            Map<TopicPartition, Long> committedAfter) {
        return new SinkManifest.TopicRows(
                topic.topic(),
                topic.partitions().stream()
                        .map(
                                partition ->
                                        new SinkManifest.PartitionRows(
                                                partition.partition(),
                                                partition.endOffset(),
                                                partition.records(),
                                                landed.rows(
                                                        table,
                                                        topic.topic(),
                                                        partition.partition()),
                                                table == TopicRole.Table.EGRESS
                                                        ? landed.rows(
                                                                TopicRole.Table.DLQ,
                                                                topic.topic(),
                                                                partition.partition())
                                                        : 0,
                                                earliest.getOrDefault(
                                                        new TopicPartition(
                                                                topic.topic(),
                                                                partition.partition()),
                                                        0L),
                                                committedAfter.getOrDefault(
                                                        new TopicPartition(
                                                                topic.topic(),
                                                                partition.partition()),
                                                        0L),
                                                landed.duplicates(
                                                        topic.topic(), partition.partition())))
                        .toList());
    }

    /** Writes beside the target, then renames: a reader never sees half a file. */
    private static void write(Path target, String content) throws IOException {
        FileSystem fileSystem = target.getFileSystem();
        Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try (OutputStream out = fileSystem.create(temporary, FileSystem.WriteMode.OVERWRITE)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        fileSystem.delete(target, false);
        if (!fileSystem.rename(temporary, target)) {
            throw new IOException("cannot rename " + temporary + " to " + target);
        }
    }
}
