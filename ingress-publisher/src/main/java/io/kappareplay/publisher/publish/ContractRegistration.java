package io.kappareplay.publisher.publish;

import static java.util.Objects.requireNonNull;

import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.registry.CompatibilityLevel;
import io.kappareplay.schemas.registry.CompatibilityResult;
import io.kappareplay.schemas.registry.IncompatibleSchemaException;
import io.kappareplay.schemas.registry.RegisteredSchema;
import io.kappareplay.schemas.registry.SchemaNotFoundException;
import io.kappareplay.schemas.registry.SchemaRegistryClient;
import io.kappareplay.schemas.registry.SubjectNotFoundException;
import java.util.List;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the job's contract under its ingress subject, {@code kappa.<job>.ingress-value}, on the
 * driver before anything is published, and gives the schema id every record's wire-format header
 * carries: consumers decode ingress by that id and check the subject, whatever the spec named the
 * contract by (an {@code .avsc} file or another subject).
 *
 * <p>A subject that already holds the contract gives its id and gains no version. A subject that
 * holds other versions gets the contract as a new version only if the registry's compatibility
 * endpoint accepts it under the subject's level; otherwise the run stops before publishing, with
 * the registry's reasons. The test comes first, rather than a registration that fails, because only
 * the test answers with the reasons ({@code verbose=true}); a registration refused after a passing
 * test (a transitive level checks older versions too, or a concurrent change) is refused the same
 * way.
 *
 * <pre>{@code
 * int schemaId = new ContractRegistration(registry).register(spec.names(), contract);
 * }</pre>
 */
public final class ContractRegistration {
    private static final Logger log = LoggerFactory.getLogger(ContractRegistration.class);

    private final SchemaRegistryClient registry;

    public ContractRegistration(SchemaRegistryClient registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    /** {@code kappa.<job>.ingress-value}. */
    public static String subject(JobNames names) {
        return JobNames.valueSubject(names.ingressTopic());
    }

    /**
     * Registers {@code contract} under the job's ingress subject, or finds it there.
     *
     * @return the contract's schema id
     * @throws IncompatibleContractException if the subject's versions and its compatibility level
     *     do not admit the contract
     * @throws io.kappareplay.schemas.registry.RegistryException if the registry refuses otherwise
     *     or cannot be reached
     */
    public int register(JobNames names, Schema contract) {
        requireNonNull(contract, "contract");
        String subject = subject(names);
        try {
            RegisteredSchema found = registry.lookup(subject, contract);
            log.info(
                    "Job {}: the contract is version {} of {} (schema id {})",
                    names.jobId(),
                    found.version(),
                    subject,
                    found.id());
            return found.id();
        } catch (SubjectNotFoundException e) {
            int id = registry.register(subject, contract);
            log.info(
                    "Job {}: registered the contract as {} (schema id {})",
                    names.jobId(),
                    subject,
                    id);
            return id;
        } catch (SchemaNotFoundException e) {
            return registerNewVersion(names, subject, contract);
        }
    }

    private int registerNewVersion(JobNames names, String subject, Schema contract) {
        CompatibilityResult result = registry.testCompatibilityWithLatest(subject, contract);
        if (!result.compatible()) {
            throw incompatible(names, subject, result.messages(), null);
        }
        try {
            int id = registry.register(subject, contract);
            log.info(
                    "Job {}: registered the contract as a new version of {} (schema id {});"
                            + " the registry found it compatible with the versions before",
                    names.jobId(),
                    subject,
                    id);
            return id;
        } catch (IncompatibleSchemaException e) {
            throw incompatible(
                    names, subject, List.of(e.serverMessage().orElse(e.getMessage())), e);
        }
    }

    /**
     * The registry's reasons without the old schema's full text, which Confluent-compatible
     * registries add as {@code {oldSchema: '...'}} and which the version and id already name.
     */
    private static String readable(List<String> reasons) {
        List<String> shown =
                reasons.stream().filter(reason -> !reason.startsWith("{oldSchema:")).toList();
        return shown.isEmpty() ? "the registry gave no reason" : String.join("; ", shown);
    }

    private IncompatibleContractException incompatible(
            JobNames names, String subject, List<String> reasons, Throwable cause) {
        RegisteredSchema latest = registry.latestVersion(subject);
        CompatibilityLevel level =
                registry.subjectCompatibility(subject).orElseGet(registry::globalCompatibility);
        return new IncompatibleContractException(
                subject,
                reasons,
                "Job "
                        + names.jobId()
                        + ": the contract is not compatible with version "
                        + latest.version()
                        + " (schema id "
                        + latest.id()
                        + ") of "
                        + subject
                        + " under its compatibility level "
                        + level
                        + ": "
                        + readable(reasons)
                        + ". Consumers of this job decode with that subject's versions. Make the"
                        + " change compatible (e.g. give a new field a default, keep removed"
                        + " fields' defaults), or publish under another job id, which has a"
                        + " subject of its own; or, if nothing reads this job's earlier ingress"
                        + " any more, delete the subject "
                        + subject
                        + " and run again",
                cause);
    }
}
