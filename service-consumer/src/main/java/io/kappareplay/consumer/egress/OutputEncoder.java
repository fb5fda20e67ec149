package io.kappareplay.consumer.egress;

import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.registry.IncompatibleSchemaException;
import io.kappareplay.schemas.registry.InvalidSchemaException;
import io.kappareplay.schemas.registry.RegistryException;
import io.kappareplay.schemas.registry.SchemaRegistryClient;
import io.kappareplay.schemas.serde.KappaAvroSerializer;
import io.kappareplay.service.api.ReplayOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Encodes a handler's outputs for the egress topic in the Confluent wire format. The output schema
 * is registered under {@code kappa.<job>.egress-value} when the encoder is made: a schema the
 * registry refuses (incompatible, invalid) stops the job there with an {@link
 * OutputSchemaException}, before any record is consumed, while an unreachable registry keeps its
 * {@link io.kappareplay.schemas.registry.RegistryUnavailableException}. Afterwards the serializer
 * only looks ids up, so a handler emitting another schema is caught per record.
 */
public final class OutputEncoder {
    private final String topic;
    private final Schema schema;
    private final KappaAvroSerializer serializer;

    /**
     * @throws OutputSchemaException if the registry refuses the schema under the egress subject
     * @throws RegistryException if the registry failed otherwise: unreachable ({@link
     *     io.kappareplay.schemas.registry.RegistryUnavailableException}), credentials refused...
     */
    public OutputEncoder(JobNames names, Schema schema, SchemaRegistryClient registry) {
        this.topic = names.egressTopic();
        this.schema = schema;
        register(names, schema, registry);
        this.serializer = new KappaAvroSerializer(registry);
        serializer.configure(Map.of("auto.register.schemas", "false"), false);
    }

    /**
     * Registers the output schema, telling a schema the registry refuses, which only a change to
     * the spec or the handler fixes, from a registry that failed to answer, which a restart may
     * fix.
     */
    private static void register(JobNames names, Schema schema, SchemaRegistryClient registry) {
        String subject = JobNames.valueSubject(names.egressTopic());
        try {
            registry.register(subject, schema);
        } catch (IncompatibleSchemaException | InvalidSchemaException e) {
            throw new OutputSchemaException(
                    "Job "
                            + names.jobId()
                            + ": the registry refused the output schema "
                            + schema.getFullName()
                            + " under "
                            + subject
                            + " ("
                            + e.getMessage()
                            + "): declare a schema the subject accepts in service.output in the"
                            + " job spec or in ReplayHandler.outputSchema(), or replay under a new"
                            + " job id",
                    e);
        }
    }

    public Schema schema() {
        return schema;
    }

    /**
     * @throws OutputSchemaMismatchException if an output is not a record of the job's output schema
     */
    public List<EncodedOutput> encode(List<ReplayOutput> outputs) {
        List<EncodedOutput> encoded = new ArrayList<>(outputs.size());
        for (ReplayOutput output : outputs) {
            Schema actual = output.value().getSchema();
            if (!schema.equals(actual)) {
                throw new OutputSchemaMismatchException(
                        "The handler returned a "
                                + actual.getFullName()
                                + " that is not the job's output schema "
                                + schema.getFullName()
                                + " (registered for "
                                + topic
                                + "): return records of that schema, or change service.output");
            }
            byte[] key = output.key().map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
            encoded.add(new EncodedOutput(key, serializer.serialize(topic, output.value())));
        }
        return encoded;
    }
}
