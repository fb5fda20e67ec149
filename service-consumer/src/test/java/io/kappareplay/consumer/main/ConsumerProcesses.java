package io.kappareplay.consumer.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.testing.TestJobSpecs;
import io.kappareplay.schemas.naming.JobNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Runs {@link ConsumerMain} as child JVMs for the ITs, on job specs that point at the fixtures. */
final class ConsumerProcesses {
    private ConsumerProcesses() {}

    record Job(JobNames names, Path specFile) {}

    record Child(Process process, Path out, Path err) {
        String stdout() throws IOException {
            return Files.readString(out);
        }

        String stderr() throws IOException {
            return Files.readString(err);
        }
    }

    /** Starts {@code ConsumerMain} with {@code args} on the test class path; output to files. */
    static Child start(Path directory, String name, List<String> args) throws IOException {
        return start(directory, name, List.of(), args);
    }

    /** The same, in a JVM started with {@code jvmOptions}. */
    static Child start(Path directory, String name, List<String> jvmOptions, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ConsumerMain.class.getName());
        command.addAll(args);
        Path out = directory.resolve(name + ".out");
        Path err = directory.resolve(name + ".err");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("KAPPA_"));
        return new Child(builder.start(), out, err);
    }

    /** A job spec file for a fresh job id, naming {@code handler}, on the given endpoints. */
    static Job job(
            Path directory,
            String name,
            Class<?> handler,
            String bootstrapServers,
            String registryUrl)
            throws IOException {
        return job(directory, name, handler, bootstrapServers, registryUrl, Map.of());
    }

    /** The same, with {@code service.properties} for the handler. */
    static Job job(
            Path directory,
            String name,
            Class<?> handler,
            String bootstrapServers,
            String registryUrl,
            Map<String, String> serviceProperties)
            throws IOException {
        return job(directory, name, handler, bootstrapServers, registryUrl, serviceProperties, "");
    }

    /** The same, with top-level keys {@code extraYaml} appended, e.g. {@code group-type: share}. */
    static Job job(
            Path directory,
            String name,
            Class<?> handler,
            String bootstrapServers,
            String registryUrl,
            Map<String, String> serviceProperties,
            String extraYaml)
            throws IOException {
        String jobId = TestJobSpecs.newJobId(name);
        String yaml =
                TestJobSpecs.yaml(jobId, handler, bootstrapServers, registryUrl, serviceProperties)
                        + extraYaml;
        Path file = directory.resolve(jobId + ".yaml");
        Files.writeString(file, yaml);
        return new Job(JobNames.of(jobId), file);
    }

    /** The offsets of ingress's committed records by partition (control records leave gaps). */
    static Map<Integer, List<Long>> ingressOffsets(
            Map<String, String> kafka, String topic, int partitionCount, int records) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put("isolation.level", "read_committed");
        Map<Integer, List<Long>> offsets = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < partitionCount; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            int read = 0;
            while (read < records && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    offsets.computeIfAbsent(record.partition(), p -> new ArrayList<>())
                            .add(record.offset());
                    read++;
                }
            }
            assertThat(read).as("ingress read back, ends %s", ends).isEqualTo(records);
        }
        return offsets;
    }
}
