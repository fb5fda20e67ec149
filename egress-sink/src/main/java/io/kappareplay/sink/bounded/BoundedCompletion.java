package io.kappareplay.sink.bounded;

import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.sink.rows.TopicRole;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * What a bounded run does once Flink has committed its last files: reads the landed tables back,
 * removes the hidden part files of failed attempts, and when every partition's rows match {@code
 * egress.json}, writes {@code _SUCCESS} into each {@code dt=} directory and then {@code sink.json}.
 * A mismatch writes {@code sink.json} with {@code complete: false}, no {@code _SUCCESS}, and fails.
 */
public final class BoundedCompletion {
    private BoundedCompletion() {}

    /**
     * @throws IncompleteLandingException if the landed rows do not match {@code egress.json}
     */
    public static SinkManifest complete(URI warehouse, JobNames job, StopOffsets stop) {
        LandedTables.ReadBack landed = LandedTables.read(warehouse, job);
        try {
            for (Path orphan : landed.orphans()) {
                orphan.getFileSystem().delete(orphan, false);
            }
            EgressManifest egress = stop.manifest();
            SinkManifest.TopicRows egressRows =
                    rows(egress.egress(), landed, TopicRole.Table.EGRESS);
            SinkManifest.TopicRows dlqRows = rows(egress.dlq(), landed, TopicRole.Table.DLQ);
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
                throw new IncompleteLandingException(
                        "Job "
                                + job.jobId()
                                + ": the landed rows do not match "
                                + stop.location()
                                + " (see complete=false partitions in "
                                + job.sinkManifest(warehouse)
                                + "); no _SUCCESS written. Were files landed by an earlier run into"
                                + " the same job directories, or records added after egress.json?");
            }
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot mark the landed files of job " + job.jobId() + " complete: " + e, e);
        }
    }

    private static SinkManifest.TopicRows rows(
            EgressManifest.TopicEnd topic, LandedTables.ReadBack landed, TopicRole.Table table) {
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
                                                        : 0))
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
