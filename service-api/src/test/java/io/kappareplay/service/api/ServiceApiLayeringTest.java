package io.kappareplay.service.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * A service adapter compiles against this module alone: it may know the JDK and Avro, nothing else.
 */
class ServiceApiLayeringTest {

    @Test
    void serviceApiDependsOnTheJdkAndAvroOnly() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages(
                        "java..", "org.apache.avro..", "io.kappareplay.service.api..")
                .check(
                        new ClassFileImporter()
                                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                                .importPackages("io.kappareplay.service.api"));
    }
}
