package io.kappareplay.sink.rows;

import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.naming.KappaHeaders;
import io.kappareplay.schemas.registry.HttpSchemaRegistryClient;
import io.kappareplay.schemas.registry.NotFoundException;
import io.kappareplay.schemas.registry.RegistryClientConfig;
import io.kappareplay.schemas.registry.SchemaRegistryClient;
import io.kappareplay.schemas.serde.AvroSerdeConfig;
import io.kappareplay.schemas.serde.CorruptPayloadException;
import io.kappareplay.schemas.serde.KappaAvroDeserializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Turns each record of an egress or DLQ topic into the row that lands for it: an egress value
 * decoded through the registry into the job's {@link EgressRowSchema} (a 0-output marker into a row
 * with null output fields and {@code output_count = 0}), a dead letter into a {@link DlqRowSchema}
 * row. An egress record that cannot be decoded ({@link CorruptPayloadException}) or breaks the
 * header contract is not lost: it lands as a DLQ row with {@code error_stage = sink-decode} and its
 * raw value. A registry that does not answer fails the task, which Flink restarts from the last
 * checkpoint.
 *
 * <p>Rows of different jobs have different schemas: the stream carries them as plain {@code
 * GenericRecord}s, and the pipeline chains this source to the writers with object reuse, so they
 * are never serialized between operators.
 */
public final class LandedRowDecoder implements KafkaRecordDeserializationSchema<GenericRecord> {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> registrySettings;
    private transient SchemaRegistryClient registry;
    private transient Map<String, EgressTopic> egressTopics;
    private transient Map<String, TopicRole> roles;

    /**
     * @param registrySettings registry client settings ({@code schema.registry.url} and the rest)
     */
    public LandedRowDecoder(Map<String, String> registrySettings) {
        this.registrySettings = Map.copyOf(registrySettings);
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        registry = new HttpSchemaRegistryClient(RegistryClientConfig.from(registrySettings));
        egressTopics = new HashMap<>();
        roles = new HashMap<>();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<GenericRecord> out) {
        TopicRole role = roles.computeIfAbsent(record.topic(), TopicRole::of);
        if (role.table() == TopicRole.Table.DLQ) {
            out.collect(deadLetter(role.job(), record));
            return;
        }
        try {
            out.collect(egressTopic(record.topic()).row(role.job(), record));
        } catch (CorruptPayloadException | MalformedEgressRecordException e) {
            out.collect(undecodable(role.job(), record, e));
        }
    }

    @Override
    public TypeInformation<GenericRecord> getProducedType() {
        return new GenericTypeInfo<>(GenericRecord.class);
    }

    private EgressTopic egressTopic(String topic) {
        EgressTopic cached = egressTopics.get(topic);
        if (cached == null) {
            cached = new EgressTopic(topic, registry);
            egressTopics.put(topic, cached);
        }
        return cached;
    }

    /** One egress topic: its row schema, and a deserializer that reads values into it. */
    private static final class EgressTopic {
        private final Schema rowSchema;
        private final KappaAvroDeserializer values;

        EgressTopic(String topic, SchemaRegistryClient registry) {
            String subject = JobNames.valueSubject(topic);
            Schema output;
            try {
                output = registry.latestVersion(subject).schema();
            } catch (NotFoundException e) {
                throw new IllegalStateException(
                        "The registry has no output schema under "
                                + subject
                                + " for the records of "
                                + topic
                                + ": the consumer registers it when it starts; register the"
                                + " handler's output schema there, or check --registry-url",
                        e);
            }
            this.rowSchema = EgressRowSchema.of(topic, output);
            this.values = new KappaAvroDeserializer(registry);
            values.configure(Map.of(AvroSerdeConfig.READER_SCHEMA, rowSchema.toString()), false);
        }

        GenericRecord row(JobNames job, ConsumerRecord<byte[], byte[]> record) {
            EgressHeaders headers = EgressHeaders.of(record);
            GenericRecord row;
            if (record.value() == null) {
                if (headers.outputCount() != 0) {
                    throw new MalformedEgressRecordException(
                            "egress record at "
                                    + EgressHeaders.position(record)
                                    + " has a null value but "
                                    + KappaHeaders.OUTPUT_COUNT
                                    + "="
                                    + headers.outputCount()
                                    + "; only a 0-output marker may have no value");
                }
                row = new GenericData.Record(rowSchema);
            } else {
                row = (GenericRecord) values.decode(record);
            }
            row.put(LineageColumns.JOB_ID, job.jobId());
            row.put(LineageColumns.RECORD_KEY, key(record));
            row.put(LineageColumns.INGRESS_PARTITION, headers.ingressPartition());
            row.put(LineageColumns.INGRESS_OFFSET, headers.ingressOffset());
            row.put(LineageColumns.OUTPUT_INDEX, headers.outputIndex());
            row.put(LineageColumns.OUTPUT_COUNT, headers.outputCount());
            row.put(LineageColumns.PROCESSED_AT, record.timestamp());
            row.put(LineageColumns.KAFKA_PARTITION, record.partition());
            row.put(LineageColumns.KAFKA_OFFSET, record.offset());
            return row;
        }
    }

    private static GenericRecord deadLetter(JobNames job, ConsumerRecord<byte[], byte[]> record) {
        GenericRecord row = lineage(job, record);
        Headers headers = record.headers();
        row.put(DlqRowSchema.ATTEMPTS, optionalInt(text(headers, KappaHeaders.ATTEMPTS)));
        row.put(DlqRowSchema.ERROR_CLASS, text(headers, KappaHeaders.ERROR_CLASS));
        row.put(DlqRowSchema.ERROR_MESSAGE, text(headers, KappaHeaders.ERROR_MESSAGE));
        row.put(DlqRowSchema.ERROR_STAGE, text(headers, KappaHeaders.ERROR_STAGE));
        row.put(
                DlqRowSchema.ERROR_HTTP_STATUS,
                optionalInt(text(headers, KappaHeaders.ERROR_HTTP_STATUS)));
        return row;
    }

    private static GenericRecord undecodable(
            JobNames job, ConsumerRecord<byte[], byte[]> record, RuntimeException error) {
        GenericRecord row = lineage(job, record);
        row.put(DlqRowSchema.ATTEMPTS, optionalInt(text(record.headers(), KappaHeaders.ATTEMPTS)));
        row.put(DlqRowSchema.ERROR_CLASS, error.getClass().getName());
        row.put(DlqRowSchema.ERROR_MESSAGE, String.valueOf(error.getMessage()));
        row.put(DlqRowSchema.ERROR_STAGE, DlqRowSchema.SINK_DECODE_STAGE);
        return row;
    }

    /** A DLQ row with what every dead letter has: lineage, raw value, where it was read. */
    private static GenericRecord lineage(JobNames job, ConsumerRecord<byte[], byte[]> record) {
        GenericRecord row = new GenericData.Record(DlqRowSchema.SCHEMA);
        Headers headers = record.headers();
        row.put(LineageColumns.JOB_ID, job.jobId());
        row.put(LineageColumns.RECORD_KEY, key(record));
        row.put(
                LineageColumns.INGRESS_PARTITION,
                optionalInt(text(headers, KappaHeaders.INGRESS_PARTITION)));
        row.put(
                LineageColumns.INGRESS_OFFSET,
                optionalLong(text(headers, KappaHeaders.INGRESS_OFFSET)));
        row.put(
                DlqRowSchema.VALUE,
                record.value() == null ? null : ByteBuffer.wrap(record.value()));
        row.put(LineageColumns.PROCESSED_AT, record.timestamp());
        row.put(DlqRowSchema.SOURCE_TOPIC, record.topic());
        row.put(LineageColumns.KAFKA_PARTITION, record.partition());
        row.put(LineageColumns.KAFKA_OFFSET, record.offset());
        return row;
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null
                ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Integer optionalInt(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long optionalLong(String text) {
        try {
            return text == null ? null : Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
