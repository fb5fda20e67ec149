package io.kappareplay.sink.rows;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The schema of a landed DLQ row: the original value as raw bytes (it may not decode), the error
 * headers as columns, the lineage columns, and the topic the record was read from ({@code
 * source_topic}): the DLQ topic, or the egress topic for an egress record the sink could not
 * decode.
 */
public final class DlqRowSchema {
    public static final String VALUE = "value";
    public static final String ATTEMPTS = "attempts";
    public static final String ERROR_CLASS = "error_class";
    public static final String ERROR_MESSAGE = "error_message";
    public static final String ERROR_STAGE = "error_stage";
    public static final String ERROR_HTTP_STATUS = "error_http_status";
    public static final String SOURCE_TOPIC = "source_topic";

    /** The {@code error_stage} of an egress record the sink could not turn into a row. */
    public static final String SINK_DECODE_STAGE = "sink-decode";

    public static final Schema SCHEMA =
            SchemaBuilder.record("DlqRow")
                    .namespace("io.kappareplay.sink")
                    .doc("A dead letter (or undecodable egress record) as the egress sink lands it")
                    .fields()
                    .name(LineageColumns.JOB_ID)
                    .type()
                    .stringType()
                    .noDefault()
                    .name(LineageColumns.RECORD_KEY)
                    .type()
                    .optional()
                    .stringType()
                    .name(LineageColumns.INGRESS_PARTITION)
                    .type()
                    .optional()
                    .intType()
                    .name(LineageColumns.INGRESS_OFFSET)
                    .type()
                    .optional()
                    .longType()
                    .name(ATTEMPTS)
                    .type()
                    .optional()
                    .intType()
                    .name(ERROR_CLASS)
                    .type()
                    .optional()
                    .stringType()
                    .name(ERROR_MESSAGE)
                    .type()
                    .optional()
                    .stringType()
                    .name(ERROR_STAGE)
                    .type()
                    .optional()
                    .stringType()
                    .name(ERROR_HTTP_STATUS)
                    .type()
                    .optional()
                    .intType()
                    .name(VALUE)
                    .type()
                    .optional()
                    .bytesType()
                    .name(LineageColumns.PROCESSED_AT)
                    .type(LineageColumns.timestampMillis())
                    .noDefault()
                    .name(SOURCE_TOPIC)
                    .type()
                    .stringType()
                    .noDefault()
                    .name(LineageColumns.KAFKA_PARTITION)
                    .type()
                    .intType()
                    .noDefault()
                    .name(LineageColumns.KAFKA_OFFSET)
                    .type()
                    .longType()
                    .noDefault()
                    .endRecord();

    private DlqRowSchema() {}
}
