package io.kappareplay.publisher.job;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.publisher.IngressPublisherJob;
import io.kappareplay.schemas.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Runs the publisher job the way a user does, on a spec file the test writes, and reads the topic
 * back with a plain read_committed consumer and a plain Avro reader: nothing here goes through the
 * publisher's own read-back or coercion.
 */
final class PublisherRuns {
    private PublisherRuns() {}

    /**
     * Writes {@code contract} and a spec around {@code source} (the YAML under {@code source:},
     * indented by two) into {@code directory}, with 8 ingress partitions and the warehouse under
     * {@code directory}.
     */
    static Path spec(
            Path directory, String jobId, String source, Schema contract, String ingressExtra) {
        try {
            Path avsc = directory.resolve(jobId + ".avsc");
            Files.writeString(avsc, contract.toString(true));
            Path spec = directory.resolve(jobId + ".yaml");
            Files.writeString(
                    spec,
                    "job-id: "
                            + jobId
                            + "\nsource:\n"
                            + source.stripTrailing()
                            + "\ningress:\n  contract:\n    avsc: "
                            + avsc
                            + "\n  partitions: 8\n"
                            + ingressExtra
                            + "service:\n  handler: com.example.it.Handler\n"
                            + "warehouse-root: "
                            + warehouse(directory)
                            + "\nkafka:\n  bootstrap-servers: "
                            + TestingKafka.shared().bootstrapServers()
                            + "\nregistry:\n  url: "
                            + TestingRegistry.shared().url()
                            + "\n");
            return spec;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String warehouse(Path directory) {
        return directory.resolve("warehouse").toUri().toString();
    }

    /** Runs the job in-process; its progress goes to this test's stderr. */
    static PublisherResult run(Path spec, String... flags) {
        List<String> arguments = new ArrayList<>(List.of("--spec", spec.toString()));
        arguments.addAll(List.of(flags));
        return new IngressPublisherJob(System.err, System.getenv())
                .run(TestingSpark.session(), arguments);
    }

    /** Runs the job in-process for its exit code; returns the code and what it printed. */
    static Exit execute(Path spec, String... flags) {
        List<String> arguments = new ArrayList<>(List.of("--spec", spec.toString()));
        arguments.addAll(List.of(flags));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                new IngressPublisherJob(
                                new PrintStream(err, true, StandardCharsets.UTF_8), System.getenv())
                        .execute(TestingSpark.session(), arguments);
        String printed = err.toString(StandardCharsets.UTF_8);
        System.err.print(printed);
        return new Exit(code, printed);
    }

    record Exit(int code, String stderr) {}

    /** Every committed record of {@code topic}, partition by partition in offset order. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Map<String, Object> config = new HashMap<>(TestingKafka.shared().clientProperties());
        config.put("isolation.level", "read_committed");
        config.put("enable.auto.commit", "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Set<TopicPartition> unread = new HashSet<>(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!unread.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + ": " + unread);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                unread.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
            }
        }
        records.sort(
                (a, b) ->
                        a.partition() != b.partition()
                                ? Integer.compare(a.partition(), b.partition())
                                : Long.compare(a.offset(), b.offset()));
        return records;
    }

    static String key(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The value's schema id, from Confluent's wire-format header. */
    static int schemaId(ConsumerRecord<byte[], byte[]> record) {
        return WireFormat.decode(record.value()).schemaId();
    }

    /** The value read with a plain Avro reader, after the 5-byte wire-format header. */
    static GenericRecord decode(Schema contract, byte[] value) {
        try {
            return new GenericDatumReader<GenericRecord>(contract)
                    .read(
                            null,
                            DecoderFactory.get()
                                    .binaryDecoder(
                                            value,
                                            WireFormat.HEADER_LENGTH,
                                            value.length - WireFormat.HEADER_LENGTH,
                                            null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ARCHITECTURE.md's key checksum written out, as PartitionPublisherIT does. */
    static long checksum(Collection<String> keys) {
        try {
            long sum = 0;
            for (String key : keys) {
                byte[] digest =
                        MessageDigest.getInstance("SHA-256")
                                .digest(key.getBytes(StandardCharsets.UTF_8));
                sum += ByteBuffer.wrap(digest, 0, 8).getLong();
            }
            return sum;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
