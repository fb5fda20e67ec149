package io.kappareplay.sink.bounded;

import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.naming.JobNames;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a bounded run stops: the read_committed end offset of every egress and DLQ partition, from
 * the job's {@code egress.json}. An end offset is exclusive and may follow a transaction marker;
 * the Kafka source ends a partition once its position reaches it, markers or not.
 *
 * @param manifest what {@code egress.json} says
 * @param location where it was read
 */
public record StopOffsets(EgressManifest manifest, URI location) {

    /**
     * Reads {@code egress.json} through Flink's file systems ({@code file://}, {@code hdfs://},
     * {@code s3a://} with its plugin).
     *
     * @throws StopOffsetsException if it is missing, unreadable, or for another job
     */
    public static StopOffsets read(URI location, JobNames job) {
        String json;
        try {
            Path path = new Path(location);
            FileSystem fileSystem = path.getFileSystem();
            if (!fileSystem.exists(path)) {
                throw new FileNotFoundException(location.toString());
            }
            try (InputStream in = fileSystem.open(path)) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (FileNotFoundException e) {
            throw new StopOffsetsException(
                    "Job "
                            + job.jobId()
                            + ": no egress.json at "
                            + location
                            + ". Bounded mode stops at the end offsets it records, which the"
                            + " consumer's job mode writes once the job is drained: wait for the"
                            + " consumer to finish, pass --egress-manifest <uri> of the file, or"
                            + " run with --mode continuous",
                    e);
        } catch (IOException e) {
            throw new StopOffsetsException(
                    "Job " + job.jobId() + ": cannot read " + location + ": " + e.getMessage(), e);
        }
        EgressManifest manifest;
        try {
            manifest = EgressManifest.fromJson(json);
        } catch (UncheckedIOException | NullPointerException e) {
            throw new StopOffsetsException(
                    location + " is not a valid egress.json: " + e.getMessage(), e);
        }
        if (!manifest.job().equals(job.jobId())
                || !manifest.egress().topic().equals(job.egressTopic())
                || !manifest.dlq().topic().equals(job.dlqTopic())) {
            throw new StopOffsetsException(
                    location
                            + " is the egress.json of job "
                            + manifest.job()
                            + " (topics "
                            + manifest.egress().topic()
                            + ", "
                            + manifest.dlq().topic()
                            + "), not of "
                            + job.jobId()
                            + ": pass that job's file");
        }
        return new StopOffsets(manifest, location);
    }

    /** The exclusive end offset of every egress and DLQ partition. */
    public Map<TopicPartition, Long> offsets() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (EgressManifest.TopicEnd topic :
                new EgressManifest.TopicEnd[] {manifest.egress(), manifest.dlq()}) {
            for (EgressManifest.PartitionEnd partition : topic.partitions()) {
                offsets.put(
                        new TopicPartition(topic.topic(), partition.partition()),
                        partition.endOffset());
            }
        }
        return offsets;
    }
}
