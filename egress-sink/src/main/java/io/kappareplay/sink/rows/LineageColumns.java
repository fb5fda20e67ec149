package io.kappareplay.sink.rows;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The columns every landed row carries beside its payload: the lineage columns of ARCHITECTURE.md
 * and where the sink read the record ({@code kafka_partition}, {@code kafka_offset}), from which
 * {@code sink.json} counts rows per topic-partition.
 */
public final class LineageColumns {
    public static final String JOB_ID = "job_id";
    public static final String RECORD_KEY = "record_key";
    public static final String INGRESS_PARTITION = "ingress_partition";
    public static final String INGRESS_OFFSET = "ingress_offset";
    public static final String OUTPUT_INDEX = "output_index";
    public static final String OUTPUT_COUNT = "output_count";
    public static final String PROCESSED_AT = "processed_at";
    public static final String KAFKA_PARTITION = "kafka_partition";
    public static final String KAFKA_OFFSET = "kafka_offset";

    private LineageColumns() {}

    /** UTC milliseconds, which Parquet stores as TIMESTAMP(MILLIS, adjusted to UTC). */
    static Schema timestampMillis() {
        return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    }

    /**
     * The egress lineage columns, appended to the output fields. They have defaults so that the row
     * schema can be the reader schema of Avro resolution: the decoder fills them in after.
     */
    static SchemaBuilder.FieldAssembler<Schema> egress(
            SchemaBuilder.FieldAssembler<Schema> fields) {
        return fields.name(JOB_ID)
                .type()
                .stringType()
                .stringDefault("")
                .name(RECORD_KEY)
                .type()
                .optional()
                .stringType()
                .name(INGRESS_PARTITION)
                .type()
                .intType()
                .intDefault(-1)
                .name(INGRESS_OFFSET)
                .type()
                .longType()
                .longDefault(-1)
                .name(OUTPUT_INDEX)
                .type()
                .intType()
                .intDefault(-1)
                .name(OUTPUT_COUNT)
                .type()
                .intType()
                .intDefault(-1)
                .name(PROCESSED_AT)
                .type(timestampMillis())
                .withDefault(0L)
                .name(KAFKA_PARTITION)
                .type()
                .intType()
                .intDefault(-1)
                .name(KAFKA_OFFSET)
                .type()
                .longType()
                .longDefault(-1);
    }
}
