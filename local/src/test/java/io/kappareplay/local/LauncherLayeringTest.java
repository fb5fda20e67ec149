package io.kappareplay.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The launcher and fixtures are used from test classpaths with kafka-clients 3.9 (Spark) and 4.x
 * (consumer, Flink): they must not touch any library the child JVMs carry (docs/decisions/0002).
 */
class LauncherLayeringTest {
    private static final JavaClasses LOCAL =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.kappareplay.local");

    @Test
    void launcherUsesTheJdkOnly() {
        noClasses()
                .that()
                .resideInAPackage("io.kappareplay.local")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("java..", "javax..", "io.kappareplay.local")
                .because("users of kappa-local must not get kafka-clients, Avro or Jackson from it")
                .check(LOCAL);
    }

    @Test
    void launcherDoesNotReachIntoChildCode() {
        noClasses()
                .that()
                .resideInAPackage("io.kappareplay.local")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.kappareplay.local.broker..",
                        "io.kappareplay.local.registry..",
                        "io.kappareplay.local.child..")
                .because("child code runs in other JVMs and is started by class name")
                .check(LOCAL);
    }
}
