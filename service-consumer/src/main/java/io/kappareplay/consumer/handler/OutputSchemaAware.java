package io.kappareplay.consumer.handler;

import org.apache.avro.Schema;

/**
 * A built-in handler that builds its outputs from the job's output schema rather than declaring
 * one, as the HTTP handler does: the runtime hands it the schema it resolved ({@code
 * service.output}) after {@code open} and before the first record.
 */
public interface OutputSchemaAware {

    /** The job's output schema, as registered for its egress topic. */
    void useOutputSchema(Schema schema);
}
