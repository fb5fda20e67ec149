package io.kappareplay.publisher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The contract side knows Spark's types and Avro, not Kafka: coercion and validation are decided
 * before, and independently of, how records are published.
 */
class PublisherLayeringTest {
    private static final JavaClasses PUBLISHER =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.kappareplay.publisher");

    @Test
    void contractKnowsNoKafka() {
        noClasses()
                .that()
                .resideInAPackage("io.kappareplay.publisher.contract..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.kafka..",
                        "io.kappareplay.schemas.kafka..",
                        "io.kappareplay.schemas.serde..",
                        "io.kappareplay.publisher.publish..")
                .check(PUBLISHER);
    }
}
