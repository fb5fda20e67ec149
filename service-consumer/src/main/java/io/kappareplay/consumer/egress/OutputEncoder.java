package io.kappareplay.consumer.egress;

import io.kappareplay.schemas.naming.JobNames;
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
 * is registered under {@code kappa.<job>.egress-value} when the encoder is made (an incompatible
 * schema stops the job there, before any record is consumed); afterwards the serializer only looks
 * ids up, so a handler emitting another schema is caught per record.
 */
public final class OutputEncoder {
    private final String topic;
    private final Schema schema;
    private final KappaAvroSerializer serializer;

    public OutputEncoder(JobNames names, Schema schema, SchemaRegistryClient registry) {
        this.topic = names.egressTopic();
        this.schema = schema;
        registry.register(JobNames.valueSubject(topic), schema);
        this.serializer = new KappaAvroSerializer(registry);
        serializer.configure(Map.of("auto.register.schemas", "false"), false);
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
