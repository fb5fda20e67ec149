package io.kappareplay.publisher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The Kafka side of the publisher runs without Spark: its ITs publish to a real broker with no
 * Spark on the test's path, and executors call it from {@code foreachPartition}.
 */
class PublishLayeringTest {
    private static final JavaClasses KAFKA_SIDE =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(
                            "io.kappareplay.publisher.publish",
                            "io.kappareplay.publisher.manifest");

    @Test
    void publishAndManifestKnowNoSparkAndNoHadoop() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
                .check(KAFKA_SIDE);
    }
}
