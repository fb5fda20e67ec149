package io.kappareplay.consumer.egress;

import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.registry.NotFoundException;
import io.kappareplay.schemas.registry.SchemaRegistryClient;
import io.kappareplay.schemas.spec.SchemaReference;
import java.io.IOException;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Which schema a job's outputs have: the job spec's {@code service.output} (an {@code .avsc} file
 * or the latest version of a registry subject) when given, else the handler's own declaration.
 * Resolved once at start, so a job without one fails before it consumes anything.
 */
public final class OutputSchemas {
    private OutputSchemas() {}

    /**
     * @param names the job's names, for messages: the job id and the egress subject
     * @param fromSpec the spec's {@code service.output}
     * @param fromHandler {@code ReplayHandler.outputSchema()}
     * @throws OutputSchemaException if there is no schema, the {@code .avsc} file does not hold
     *     one, or the registry has no subject {@code service.output.subject}
     * @throws io.kappareplay.schemas.registry.RegistryException if the registry could not answer
     *     otherwise, e.g. {@link io.kappareplay.schemas.registry.RegistryUnavailableException}
     */
    public static Schema resolve(
            JobNames names,
            Optional<SchemaReference> fromSpec,
            Optional<Schema> fromHandler,
            SchemaRegistryClient registry) {
        String egressSubject = JobNames.valueSubject(names.egressTopic());
        if (fromSpec.isPresent()) {
            SchemaReference reference = fromSpec.get();
            if (reference instanceof SchemaReference.AvscFile file) {
                try {
                    return new Schema.Parser().parse(file.path().toFile());
                } catch (IOException | RuntimeException e) {
                    // Not only SchemaParseException: Avro 1.12 throws a NullPointerException
                    // ("Unknown schema") for a type name it cannot resolve, such as a typo.
                    throw new OutputSchemaException(
                            "Job "
                                    + names.jobId()
                                    + ": service.output.avsc "
                                    + file.path()
                                    + " cannot be read as an Avro schema to register under "
                                    + egressSubject
                                    + " ("
                                    + e.getMessage()
                                    + "): fix the file, or the path in the job spec",
                            e);
                }
            }
            String subject = ((SchemaReference.RegistrySubject) reference).subject();
            try {
                return registry.latestVersion(subject).schema();
            } catch (NotFoundException e) {
                // The spec names a subject that is not there: its mistake, not the registry's.
                throw new OutputSchemaException(
                        "Job "
                                + names.jobId()
                                + ": service.output.subject "
                                + subject
                                + " has no schema in the registry to register under "
                                + egressSubject
                                + " ("
                                + e.getMessage()
                                + "): register the output schema under "
                                + subject
                                + " first, or fix service.output in the job spec",
                        e);
            }
        }
        return fromHandler.orElseThrow(
                () ->
                        new OutputSchemaException(
                                "Job "
                                        + names.jobId()
                                        + " has no output schema to register under "
                                        + egressSubject
                                        + ": set service.output (avsc or subject) in the job"
                                        + " spec, or override ReplayHandler.outputSchema() in the"
                                        + " handler"));
    }
}
