package io.kappareplay.publisher.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.local.TestingRegistry;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.registry.CompatibilityLevel;
import io.kappareplay.schemas.registry.HttpSchemaRegistryClient;
import io.kappareplay.schemas.registry.RegistryClientConfig;
import io.kappareplay.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The contract against the real registry: registered, found again, evolved, or refused. */
class ContractRegistrationIT {
    private final SchemaRegistryClient registry =
            new HttpSchemaRegistryClient(
                    RegistryClientConfig.from(TestingRegistry.shared().clientProperties()));
    private final ContractRegistration registration = new ContractRegistration(registry);

    /** {@link TestIngress#ORDER} with a field of its own added, or its type changed. */
    private static Schema order(String extraField) {
        String base = TestIngress.ORDER.toString();
        return new Schema.Parser()
                .parse(base.substring(0, base.length() - 2) + "," + extraField + "]}");
    }

    @Test
    void theFirstRunRegistersTheContractAndTheNextFindsIt() {
        JobNames names = JobNames.of("contract-first-run");

        int id = registration.register(names, TestIngress.ORDER);

        assertThat(ContractRegistration.subject(names))
                .isEqualTo("kappa.contract-first-run.ingress-value");
        assertThat(registry.latestVersion("kappa.contract-first-run.ingress-value").id())
                .isEqualTo(id);
        assertThat(registration.register(names, TestIngress.ORDER)).isEqualTo(id);
        assertThat(registry.versions("kappa.contract-first-run.ingress-value")).hasSize(1);
    }

    @Test
    void aCompatibleChangeBecomesTheNextVersion() {
        JobNames names = JobNames.of("contract-evolved");
        String subject = ContractRegistration.subject(names);
        int first = registration.register(names, TestIngress.ORDER);
        registry.setSubjectCompatibility(subject, CompatibilityLevel.BACKWARD);

        int second =
                registration.register(
                        names,
                        order(
                                "{\"name\": \"channel\", \"type\": \"string\","
                                        + " \"default\": \"web\"}"));

        assertThat(second).isNotEqualTo(first);
        assertThat(registry.versions(subject)).hasSize(2);
        assertThat(registry.latestVersion(subject).id()).isEqualTo(second);
    }

    @Test
    void anIncompatibleContractIsRefusedNamingTheSubjectTheReasonAndTheFix() {
        JobNames names = JobNames.of("contract-refused");
        String subject = ContractRegistration.subject(names);
        int first = registration.register(names, TestIngress.ORDER);
        registry.setSubjectCompatibility(subject, CompatibilityLevel.BACKWARD);
        // A new field without a default: a reader of the new version cannot read the old records.
        Schema incompatible = order("{\"name\": \"channel\", \"type\": \"string\"}");

        assertThatThrownBy(() -> registration.register(names, incompatible))
                .isInstanceOfSatisfying(
                        IncompatibleContractException.class,
                        e -> {
                            assertThat(e.subject()).isEqualTo(subject);
                            assertThat(e.reasons()).isNotEmpty();
                            assertThat(String.join(" ", e.reasons())).contains("channel");
                        })
                .hasMessageStartingWith(
                        "Job contract-refused: the contract is not compatible with version 1"
                                + " (schema id "
                                + first
                                + ") of kappa.contract-refused.ingress-value under its"
                                + " compatibility level BACKWARD: ")
                .hasMessageContaining("channel")
                .hasMessageEndingWith(
                        "Consumers of this job decode with that subject's versions. Make the"
                                + " change compatible (e.g. give a new field a default, keep"
                                + " removed fields' defaults), or publish under another job id,"
                                + " which has a subject of its own; or, if nothing reads this"
                                + " job's earlier ingress any more, delete the subject"
                                + " kappa.contract-refused.ingress-value and run again");
        assertThat(registry.versions(subject)).hasSize(1);
    }
}
