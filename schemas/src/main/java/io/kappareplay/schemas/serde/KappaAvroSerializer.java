package io.kappareplay.schemas.serde;

import static java.util.Objects.requireNonNull;

import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.registry.HttpSchemaRegistryClient;
import io.kappareplay.schemas.registry.RegistryClientConfig;
import io.kappareplay.schemas.registry.RegistryException;
import io.kappareplay.schemas.registry.SchemaNotFoundException;
import io.kappareplay.schemas.registry.SchemaRegistryClient;
import io.kappareplay.schemas.registry.SubjectNotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro values in Confluent's wire format, registering (or looking up) each schema under the
 * topic-name strategy's subject, {@code <topic>-value} or {@code <topic>-key}.
 *
 * <p>Takes {@code GenericRecord}s, generated {@code SpecificRecord}s, other Avro containers (enum
 * symbols, fixed, arrays) and the primitives {@code Boolean}, {@code Integer}, {@code Long}, {@code
 * Float}, {@code Double}, {@code CharSequence}, {@code byte[]} and {@code ByteBuffer}; {@code null}
 * becomes a null payload (a tombstone). Settings: {@link AvroSerdeConfig} and, unless a client is
 * passed in, {@link RegistryClientConfig}.
 *
 * <p>Failures are {@link SerializationException}s naming the topic and subject; a registry failure
 * is the cause, and its {@link RegistryException#isRetriable()} says whether sending the record
 * again may work.
 *
 * <pre>{@code
 * Map<String, Object> config = Map.of(
 *         "bootstrap.servers", "localhost:9092",
 *         "key.serializer", StringSerializer.class,
 *         "value.serializer", KappaAvroSerializer.class,
 *         "schema.registry.url", "http://localhost:8081");
 * try (Producer<String, Object> producer = new KafkaProducer<>(config)) {
 *     producer.send(new ProducerRecord<>("kappa.orders.ingress", key, order));
 * }
 * }</pre>
 */
public class KappaAvroSerializer implements Serializer<Object> {
    private static final Schema BOOLEAN = Schema.create(Schema.Type.BOOLEAN);
    private static final Schema INT = Schema.create(Schema.Type.INT);
    private static final Schema LONG = Schema.create(Schema.Type.LONG);
    private static final Schema FLOAT = Schema.create(Schema.Type.FLOAT);
    private static final Schema DOUBLE = Schema.create(Schema.Type.DOUBLE);
    private static final Schema STRING = Schema.create(Schema.Type.STRING);
    private static final Schema BYTES = Schema.create(Schema.Type.BYTES);

    private SchemaRegistryClient registry;
    private AvroSerdeConfig config = AvroSerdeConfig.defaults();
    private boolean isKey;

    /** For Kafka, which then calls {@link #configure}: the registry client is built from there. */
    public KappaAvroSerializer() {}

    /**
     * Uses {@code registry} rather than building a client in {@link #configure}, which then reads
     * only the serde settings. Without {@code configure} it serializes values with the defaults.
     */
    public KappaAvroSerializer(SchemaRegistryClient registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    /**
     * @throws org.apache.kafka.common.config.ConfigException for a bad serde setting
     * @throws IllegalArgumentException for a bad registry setting
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = AvroSerdeConfig.from(configs);
        this.isKey = isKey;
        if (registry == null) {
            registry =
                    new HttpSchemaRegistryClient(
                            RegistryClientConfig.from(AvroSerdeConfig.revealPasswords(configs)));
        }
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException(
                    "KappaAvroSerializer has no registry client: call configure() with "
                            + RegistryClientConfig.URL
                            + " or construct it with a client");
        }
        Schema schema = schemaOf(topic, data);
        String subject = isKey ? JobNames.keySubject(topic) : JobNames.valueSubject(topic);
        int schemaId = schemaId(topic, subject, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(WireFormat.header(schemaId));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer(data, schema)
                    .write(data instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : data, encoder);
            encoder.flush();
        } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
            // Avro reports a record that does not fit its own schema (a required field left null,
            // a value of the wrong type) with these.
            throw new SerializationException(
                    "Cannot write a "
                            + schema.getFullName()
                            + " to topic '"
                            + topic
                            + "' (schema id "
                            + schemaId
                            + "): the value does not match its schema: "
                            + e,
                    e);
        }
        return out.toByteArray();
    }

    private int schemaId(String topic, String subject, Schema schema) {
        try {
            return config.autoRegisterSchemas()
                    ? registry.register(subject, schema)
                    : registry.lookup(subject, schema).id();
        } catch (SubjectNotFoundException | SchemaNotFoundException e) {
            throw new SerializationException(
                    "Schema "
                            + schema.getFullName()
                            + " is not registered under subject '"
                            + subject
                            + "' (topic '"
                            + topic
                            + "') and "
                            + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS
                            + "=false: register it first, or allow auto-registration",
                    e);
        } catch (RegistryException e) {
            throw new SerializationException(
                    "Cannot get a schema id for "
                            + schema.getFullName()
                            + " under subject '"
                            + subject
                            + "' (topic '"
                            + topic
                            + "'): "
                            + e.getMessage(),
                    e);
        }
    }

    private static Schema schemaOf(String topic, Object data) {
        if (data instanceof GenericContainer container) {
            return container.getSchema();
        } else if (data instanceof CharSequence) {
            return STRING;
        } else if (data instanceof Integer) {
            return INT;
        } else if (data instanceof Long) {
            return LONG;
        } else if (data instanceof Boolean) {
            return BOOLEAN;
        } else if (data instanceof Double) {
            return DOUBLE;
        } else if (data instanceof Float) {
            return FLOAT;
        } else if (data instanceof byte[] || data instanceof ByteBuffer) {
            return BYTES;
        }
        throw new SerializationException(
                "Cannot write a "
                        + data.getClass().getName()
                        + " to topic '"
                        + topic
                        + "': expected an Avro record (GenericRecord or a generated SpecificRecord),"
                        + " another Avro container, or a primitive (Boolean, Integer, Long, Float,"
                        + " Double, CharSequence, byte[], ByteBuffer)");
    }

    private static DatumWriter<Object> writer(Object data, Schema schema) {
        // A generated class carries its own SpecificData with the conversions of its logical
        // types (Instant for timestamp-millis, ...); GenericData would not know them.
        return data instanceof SpecificRecord
                ? new SpecificDatumWriter<>(schema, SpecificData.getForClass(data.getClass()))
                : new GenericDatumWriter<>(schema, GenericData.get());
    }
}
