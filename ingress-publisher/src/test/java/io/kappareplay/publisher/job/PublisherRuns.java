package io.kappareplay.publisher.job;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.local.TestingRegistry;
import io.kappareplay.publisher.IngressPublisherJob;
import io.kappareplay.schemas.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Runs the publisher job the way a user does, on a spec file the test writes, and reads the topic
 * back with a plain read_committed consumer and a plain Avro reader: nothing here goes through the
 * publisher's own read-back or coercion.
 */
final class PublisherRuns {
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);

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

    /**
     * Runs the job's {@code main} in a JVM of its own, as {@code spark-submit} would but on this
     * test's classpath, with {@code timeZone} as the JVM's default time zone and Spark's session
     * zone left to follow it: what a driver started on a machine set to that zone does.
     */
    static Exit executeInChildJvm(Path spec, String timeZone, Path work, String... flags)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The module flags Spark needs on Java 17, as this JVM got them from the build.
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("--add-"))
                .forEach(command::add);
        command.addAll(
                List.of(
                        "-Xmx1g",
                        "-Duser.timezone=" + timeZone,
                        "-Djava.net.preferIPv4Stack=true",
                        // SparkConf takes spark.* system properties, as spark-submit passes them.
                        "-Dspark.master=local[2]",
                        "-Dspark.ui.enabled=false",
                        "-Dspark.driver.host=127.0.0.1",
                        "-Dspark.driver.bindAddress=127.0.0.1",
                        "-Dspark.sql.shuffle.partitions=4",
                        "-Dspark.sql.warehouse.dir=" + work.resolve("spark-warehouse").toUri(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        IngressPublisherJob.class.getName(),
                        "--spec",
                        spec.toString()));
        command.addAll(List.of(flags));
        Path log = work.resolve("child-jvm-" + timeZone.replace('/', '-') + ".log");
        Process process =
                new ProcessBuilder(command)
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        if (!process.waitFor(CHILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(
                    "The publisher's JVM did not finish within "
                            + CHILD_TIMEOUT
                            + "; its output is in "
                            + log);
        }
        String printed = Files.readString(log, StandardCharsets.UTF_8);
        System.err.print(printed);
        return new Exit(process.exitValue(), printed);
    }

    record Exit(int code, String stderr) {}

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
}
