package io.kappareplay.schemas.serde;

import static java.util.Objects.requireNonNull;

import io.kappareplay.schemas.registry.HttpSchemaRegistryClient;
import io.kappareplay.schemas.registry.RegistryClientConfig;
import io.kappareplay.schemas.registry.RegistryException;
import io.kappareplay.schemas.registry.SchemaNotFoundException;
import io.kappareplay.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.Utf8;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Avro payloads in Confluent's wire format, fetching each writer schema from the registry by
 * the id in the payload (cached by the client).
 *
 * <p>What comes out depends on {@link AvroSerdeConfig}: by default a {@code GenericRecord} (or
 * primitive) of the writer schema; with {@code specific.avro.reader=true} an instance of the
 * generated class named by the writer schema; with {@code kappa.serde.reader.schema} a {@code
 * GenericRecord} of that schema, projected by Avro schema resolution. A null payload gives null. A
 * top-level string comes out as a {@link String} and top-level bytes as a {@code byte[]}, as {@link
 * KappaAvroSerializer} takes them and Confluent's deserializer returns them; inside records,
 * strings and bytes keep Avro's types ({@link Utf8}, {@link ByteBuffer}, or what the schema's
 * {@code avro.java.string} says).
 *
 * <p>Failures: a payload that can never be decoded raises {@link CorruptPayloadException}; any
 * other failure (registry unreachable, reader schema cannot read the writer's) a {@link
 * SerializationException} naming the record, with a {@link RegistryException} as cause where the
 * registry failed. Kafka's {@link Deserializer} API does not pass partition and offset; {@link
 * #decode(ConsumerRecord)}, for a consumer of raw bytes, puts them into every message.
 *
 * <pre>{@code
 * KappaAvroDeserializer values = new KappaAvroDeserializer();
 * values.configure(Map.of("schema.registry.url", "http://localhost:8081"), false);
 * for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
 *     GenericRecord order = (GenericRecord) values.decode(record);
 * }
 * }</pre>
 */
public class KappaAvroDeserializer implements Deserializer<Object> {
    private SchemaRegistryClient registry;
    private AvroSerdeConfig config = AvroSerdeConfig.defaults();
    private boolean isKey;
    // Generated classes may come from a job's own class loader (Spark, Flink): look there first.
    private final SpecificData specificData =
            new SpecificData(
                    Thread.currentThread().getContextClassLoader() != null
                            ? Thread.currentThread().getContextClassLoader()
                            : KappaAvroDeserializer.class.getClassLoader());
    // One reader per writer schema id: building one resolves and checks the two schemas.
    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

    /** For Kafka, which then calls {@link #configure}: the registry client is built from there. */
    public KappaAvroDeserializer() {}

    /**
     * Uses {@code registry} rather than building a client in {@link #configure}, which then reads
     * only the serde settings. Without {@code configure} it decodes values with the defaults.
     */
    public KappaAvroDeserializer(SchemaRegistryClient registry) {
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
        this.readers.clear();
        if (registry == null) {
            registry =
                    new HttpSchemaRegistryClient(
                            RegistryClientConfig.from(AvroSerdeConfig.revealPasswords(configs)));
        }
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        return decode(topic, null, null, data);
    }

    @Override
    public Object deserialize(String topic, Headers headers, byte[] data) {
        return decode(topic, null, null, data);
    }

    /**
     * Decodes the value of {@code record} (its key, if configured as a key deserializer), naming
     * its partition and offset in any failure.
     */
    public Object decode(ConsumerRecord<byte[], byte[]> record) {
        return decode(
                record.topic(),
                record.partition(),
                record.offset(),
                isKey ? record.key() : record.value());
    }

    private Object decode(String topic, Integer partition, Long offset, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException(
                    "KappaAvroDeserializer has no registry client: call configure() with "
                            + RegistryClientConfig.URL
                            + " or construct it with a client");
        }
        WireFormat.Frame frame;
        try {
            frame = WireFormat.decode(data);
        } catch (IllegalArgumentException e) {
            throw new CorruptPayloadException(topic, partition, offset, null, e.getMessage(), e);
        }
        int schemaId = frame.schemaId();
        DatumReader<Object> reader = reader(topic, partition, offset, schemaId);
        BinaryDecoder decoder =
                DecoderFactory.get()
                        .binaryDecoder(data, frame.bodyOffset(), frame.bodyLength(), null);
        Object value;
        try {
            value = reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            // EOFException for a truncated body; AvroRuntimeException and friends ("Malformed
            // data. Length is negative", an enum index out of range) for bytes that are not the
            // writer schema's encoding.
            throw new CorruptPayloadException(
                    topic,
                    partition,
                    offset,
                    schemaId,
                    "the "
                            + frame.bodyLength()
                            + "-byte Avro body does not decode with its writer schema (truncated or"
                            + " malformed): "
                            + e,
                    e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new CorruptPayloadException(
                        topic,
                        partition,
                        offset,
                        schemaId,
                        "bytes left over after decoding the Avro body with its writer schema: the"
                                + " schema id does not match the body",
                        null);
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading an in-memory array failed", e);
        }
        return topLevel(value);
    }

    /** A top-level Avro string or bytes value as the Java type a serializer is given. */
    private static Object topLevel(Object value) {
        if (value instanceof Utf8 text) {
            return text.toString();
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        return value;
    }

    private DatumReader<Object> reader(String topic, Integer partition, Long offset, int schemaId) {
        DatumReader<Object> cached = readers.get(schemaId);
        if (cached != null) {
            return cached;
        }
        Schema writer;
        try {
            writer = registry.schemaById(schemaId);
        } catch (SchemaNotFoundException e) {
            throw new CorruptPayloadException(
                    topic,
                    partition,
                    offset,
                    schemaId,
                    "unknown schema id " + schemaId + ": the registry has no such schema",
                    e);
        } catch (RegistryException e) {
            throw new SerializationException(
                    "Cannot decode the record at "
                            + RecordPosition.describe(topic, partition, offset)
                            + ": fetching writer schema id "
                            + schemaId
                            + " failed: "
                            + e.getMessage(),
                    e);
        }
        DatumReader<Object> reader = newReader(writer, schemaId, topic, partition, offset);
        readers.put(schemaId, reader);
        return reader;
    }

    private DatumReader<Object> newReader(
            Schema writer, int schemaId, String topic, Integer partition, Long offset) {
        // Only named types (record, enum, fixed) have generated classes; primitives read as such.
        if (config.specificAvroReader() && isNamed(writer)) {
            Class<?> generated = specificData.getClass(writer);
            if (generated == null) {
                throw new SerializationException(
                        "Cannot decode the record at "
                                + RecordPosition.describe(topic, partition, offset)
                                + " as a SpecificRecord: "
                                + AvroSerdeConfig.SPECIFIC_AVRO_READER
                                + "=true but writer schema id "
                                + schemaId
                                + " ("
                                + writer.getFullName()
                                + ") has no generated class on the classpath");
            }
            SpecificData model = SpecificData.getForClass(generated);
            Schema reader = model.getSchema(generated);
            checkCompatible(reader, writer, schemaId, topic, partition, offset);
            return new SpecificDatumReader<>(writer, reader, model);
        }
        if (config.readerSchema().isPresent()) {
            Schema reader = config.readerSchema().get();
            checkCompatible(reader, writer, schemaId, topic, partition, offset);
            return new GenericDatumReader<>(writer, reader, GenericData.get());
        }
        return new GenericDatumReader<>(writer, writer, GenericData.get());
    }

    /**
     * Checks up front what Avro would otherwise report in the middle of decoding, with a message
     * that cannot be told from corrupt data.
     */
    private static void checkCompatible(
            Schema reader,
            Schema writer,
            int schemaId,
            String topic,
            Integer partition,
            Long offset) {
        SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException(
                    "Cannot decode the record at "
                            + RecordPosition.describe(topic, partition, offset)
                            + ": reader schema "
                            + reader.getFullName()
                            + " cannot read writer schema id "
                            + schemaId
                            + " ("
                            + writer.getFullName()
                            + "): "
                            + result.getResult().getIncompatibilities().stream()
                                    .map(
                                            problem ->
                                                    problem.getLocation()
                                                            + ": "
                                                            + problem.getMessage())
                                    .collect(Collectors.joining("; ")));
        }
    }

    private static boolean isNamed(Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> true;
            default -> false;
        };
    }
}
