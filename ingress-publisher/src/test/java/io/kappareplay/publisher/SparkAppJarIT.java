package io.kappareplay.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The {@code spark-app} jar holds what decision 0010 lists and nothing a Spark distribution brings:
 * a second Spark, Scala, Hadoop, Avro or Jackson core on the cluster's classpath would clash with
 * the cluster's own, and a missing library fails only once spark-submit runs.
 */
class SparkAppJarIT {

    static Path sparkAppJar() {
        return Path.of(System.getProperty("kappa.publisher.spark-app-jar"));
    }

    @Test
    void holdsTheIncludeListAndNothingSparkBrings() throws IOException {
        List<String> entries;
        try (JarFile jar = new JarFile(sparkAppJar().toFile())) {
            entries = jar.stream().map(ZipEntry::getName).toList();
        }

        assertThat(entries)
                .as("our classes, kappa-schemas, kafka-clients and the spec parser's YAML")
                .contains(
                        "io/kappareplay/publisher/publish/PartitionPublisher.class",
                        "io/kappareplay/schemas/naming/JobNames.class",
                        "org/apache/kafka/clients/producer/KafkaProducer.class",
                        "com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class",
                        "com/fasterxml/jackson/datatype/jsr310/JavaTimeModule.class",
                        "org/yaml/snakeyaml/Yaml.class");
        assertThat(entries)
                .as("what Spark brings: Spark, Scala, Hadoop, Avro, Jackson, slf4j, codecs")
                .noneMatch(
                        entry ->
                                entry.startsWith("org/apache/spark/")
                                        || entry.startsWith("scala/")
                                        || entry.startsWith("org/apache/hadoop/")
                                        || entry.startsWith("org/apache/avro/")
                                        || entry.startsWith("com/fasterxml/jackson/core/")
                                        || entry.startsWith("com/fasterxml/jackson/databind/")
                                        || entry.startsWith("org/slf4j/")
                                        || entry.startsWith("com/github/luben/")
                                        || entry.startsWith("net/jpountz/")
                                        || entry.startsWith("org/xerial/snappy/"));
    }
}
