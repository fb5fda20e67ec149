package io.kappareplay.schemas;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The contracts module sits under every stage, so it may know none of them (ARCHITECTURE.md). */
class SchemasLayeringTest {
    private static final JavaClasses SCHEMAS =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.kappareplay.schemas");

    @Test
    void schemasKnowsNoEngineAndNoOtherModule() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.spark..",
                        "org.apache.flink..",
                        "org.apache.hadoop..",
                        "org.apache.hive..",
                        "io.kappareplay.local..",
                        "io.kappareplay.consumer..",
                        "io.kappareplay.publisher..",
                        "io.kappareplay.sink..",
                        "io.kappareplay.analytics..",
                        "io.kappareplay.cli..")
                .check(SCHEMAS);
    }
}
