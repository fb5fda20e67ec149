package io.kappareplay.consumer.egress;

import io.kappareplay.schemas.registry.SchemaRegistryClient;
import io.kappareplay.schemas.spec.SchemaReference;
import java.io.IOException;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Which schema a job's outputs have: the job spec's {@code service.output} (an {@code .avsc} file
 * or the latest version of a registry subject) when given, else the handler's own declaration.
 * Resolved once at start, so a job without one fails before it consumes anything.
 */
public final class OutputSchemas {
    private OutputSchemas() {}

    /**
     * @param jobId for messages
     * @param fromSpec the spec's {@code service.output}
     * @param fromHandler {@code ReplayHandler.outputSchema()}
     */
    public static Schema resolve(
            String jobId,
            Optional<SchemaReference> fromSpec,
            Optional<Schema> fromHandler,
            SchemaRegistryClient registry) {
        if (fromSpec.isPresent()) {
            SchemaReference reference = fromSpec.get();
            if (reference instanceof SchemaReference.AvscFile file) {
                try {
                    return new Schema.Parser().parse(file.path().toFile());
                } catch (IOException | SchemaParseException e) {
                    throw new IllegalArgumentException(
                            "Job "
                                    + jobId
                                    + ": service.output.avsc "
                                    + file.path()
                                    + " cannot be read as an Avro schema: "
                                    + e.getMessage(),
                            e);
                }
            }
            String subject = ((SchemaReference.RegistrySubject) reference).subject();
            return registry.latestVersion(subject).schema();
        }
        return fromHandler.orElseThrow(
                () ->
                        new IllegalArgumentException(
                                "Job "
                                        + jobId
                                        + " has no output schema: set service.output (avsc or"
                                        + " subject) in the job spec, or override"
                                        + " ReplayHandler.outputSchema() in the handler"));
    }
}
