package io.kappareplay.schemas.serde;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kappareplay.schemas.registry.HttpSchemaRegistryClient;
import io.kappareplay.schemas.registry.InMemorySchemaRegistry;
import io.kappareplay.schemas.registry.RegistryClientConfig;
import io.kappareplay.schemas.registry.RegistryException;
import io.kappareplay.schemas.registry.SchemaNotFoundException;
import io.kappareplay.schemas.registry.SubjectNotFoundException;
import io.kappareplay.schemas.serde.testing.OrderStatus;
import io.kappareplay.schemas.serde.testing.ReplayOrder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class KappaAvroSerdeTest {
    private static final String TOPIC = "kappa.orders.ingress";
    private static final Schema ORDER =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Order", "namespace": "test", "fields": [
                              {"name": "orderId", "type": "string"},
                              {"name": "amountCents", "type": "long"},
                              {"name": "note", "type": ["null", "string"], "default": null}
                            ]}""");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final KappaAvroSerializer serializer = new KappaAvroSerializer(registry);
    private final KappaAvroDeserializer deserializer = new KappaAvroDeserializer(registry);

    @Test
    void genericRecordRoundTripsUnderTheTopicValueSubject() {
        GenericRecord order = order("o-1", 1250);

        byte[] payload = serializer.serialize(TOPIC, order);
        Object decoded = deserializer.deserialize(TOPIC, payload);

        int id = registry.lookup(TOPIC + "-value", ORDER).id();
        assertThat(Arrays.copyOf(payload, 5)).containsExactly(WireFormat.header(id));
        assertThat(decoded).isInstanceOf(GenericRecord.class).isEqualTo(order);
        assertThat(((GenericRecord) decoded).get("orderId")).hasToString("o-1");
    }

    @Test
    void keysGoUnderTheTopicKeySubject() {
        serializer.configure(Map.of(), true);

        serializer.serialize(TOPIC, order("o-1", 1));

        assertThat(registry.subjects(false)).containsExactly(TOPIC + "-key");
    }

    @Test
    void specificRecordRoundTripsIntoItsGeneratedClass() {
        ReplayOrder order = replayOrder();
        deserializer.configure(Map.of("specific.avro.reader", true), false);

        Object decoded = deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, order));

        assertThat(decoded).isInstanceOf(ReplayOrder.class).isEqualTo(order);
        assertThat(((ReplayOrder) decoded).getPlacedAt()).isEqualTo(order.getPlacedAt());
    }

    @Test
    void specificRecordReadsAsGenericByDefault() {
        ReplayOrder order = replayOrder();

        GenericRecord decoded =
                (GenericRecord) deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, order));

        assertThat(decoded.getSchema().getFullName())
                .isEqualTo("io.kappareplay.schemas.serde.testing.ReplayOrder");
        assertThat(decoded.get("orderId")).hasToString("o-42");
        assertThat(decoded.get("placedAt")).isEqualTo(order.getPlacedAt().toEpochMilli());
    }

    @Test
    void genericRecordOfAGeneratedSchemaReadsAsTheGeneratedClass() {
        ReplayOrder expected = replayOrder();
        GenericData.Record generic = new GenericData.Record(ReplayOrder.getClassSchema());
        generic.put("orderId", "o-42");
        generic.put("amountCents", 999L);
        generic.put("placedAt", expected.getPlacedAt().toEpochMilli());
        generic.put("status", new GenericData.EnumSymbol(OrderStatus.getClassSchema(), "SHIPPED"));
        generic.put("tags", List.of("priority", "gift"));
        generic.put("note", null);
        deserializer.configure(Map.of("specific.avro.reader", "true"), false);

        Object decoded = deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, generic));

        assertThat(decoded).isEqualTo(expected);
    }

    @Test
    void primitivesRoundTrip() {
        assertThat(roundTrip("text")).isEqualTo("text");
        assertThat(roundTrip(new StringBuilder("built"))).isEqualTo("built");
        assertThat(roundTrip(42)).isEqualTo(42);
        assertThat(roundTrip(42L)).isEqualTo(42L);
        assertThat(roundTrip(true)).isEqualTo(true);
        assertThat(roundTrip(1.5d)).isEqualTo(1.5d);
        assertThat(roundTrip(2.5f)).isEqualTo(2.5f);
        assertThat(roundTrip(new byte[] {1, 2})).isEqualTo(new byte[] {1, 2});
        assertThat(roundTrip(ByteBuffer.wrap(new byte[] {0, 3, 4}, 1, 2)))
                .isEqualTo(new byte[] {3, 4});
    }

    @Test
    void topLevelStringsAndBytesComeBackAsTheSerializerTakesThem() {
        // As Confluent's deserializer: a String and a byte[], not Avro's Utf8 and ByteBuffer.
        assertThat(roundTrip("text")).isExactlyInstanceOf(String.class);
        assertThat(roundTrip(new byte[] {1})).isExactlyInstanceOf(byte[].class);
        assertThat(roundTrip(new Utf8("avro text"))).isExactlyInstanceOf(String.class);
        // A top-level union of null and string is a top-level string too.
        Schema nullableString = new Schema.Parser().parse("[\"null\", \"string\"]");
        deserializer.configure(Map.of("kappa.serde.reader.schema", nullableString), false);
        assertThat(roundTrip("maybe")).isEqualTo("maybe");
    }

    @Test
    void stringsAndBytesInsideRecordsKeepAvrosTypes() {
        Schema blob =
                new Schema.Parser()
                        .parse(
                                """
                                {"type": "record", "name": "Blob", "namespace": "test", "fields": [
                                  {"name": "name", "type": "string"},
                                  {"name": "data", "type": "bytes"}
                                ]}""");
        GenericRecord record = new GenericData.Record(blob);
        record.put("name", "b-1");
        record.put("data", ByteBuffer.wrap(new byte[] {7}));

        GenericRecord decoded = (GenericRecord) roundTrip(record);

        assertThat(decoded.get("name")).isEqualTo(new Utf8("b-1"));
        assertThat(decoded.get("data")).isEqualTo(ByteBuffer.wrap(new byte[] {7}));
    }

    @Test
    void primitivesReadAsPrimitivesEvenWithTheSpecificReader() {
        deserializer.configure(Map.of("specific.avro.reader", "true"), false);

        assertThat(roundTrip(7L)).isEqualTo(7L);
    }

    @Test
    void nullIsANullPayloadBothWays() {
        assertThat(serializer.serialize(TOPIC, null)).isNull();
        assertThat(deserializer.deserialize(TOPIC, null)).isNull();
        assertThat(deserializer.deserialize(TOPIC, new RecordHeaders(), (byte[]) null)).isNull();
        assertThat(registry.subjects(true)).isEmpty();
    }

    @Test
    void unsupportedTypeNamesItsClassAndTheTopic() {
        assertThatThrownBy(() -> serializer.serialize(TOPIC, Instant.EPOCH))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Cannot write a java.time.Instant to topic 'kappa.orders.ingress': expected an"
                                + " Avro record");
    }

    @Test
    void recordNotMatchingItsSchemaNamesTheTopic() {
        GenericData.Record incomplete = new GenericData.Record(ORDER);
        incomplete.put("amountCents", 1L);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, incomplete))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot write a test.Order to topic 'kappa.orders.ingress'")
                .hasMessageContaining("does not match its schema");
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaNamesTheSubject() {
        serializer.configure(Map.of("auto.register.schemas", "false"), false);

        SerializationException e =
                catchThrowableOfType(
                        SerializationException.class,
                        () -> serializer.serialize(TOPIC, order("o-1", 1)));

        assertThat(e)
                .hasMessage(
                        "Schema test.Order is not registered under subject 'kappa.orders.ingress-value'"
                                + " (topic 'kappa.orders.ingress') and auto.register.schemas=false:"
                                + " register it first, or allow auto-registration");
        assertThat(e.getCause()).isInstanceOf(SubjectNotFoundException.class);
        assertThat(registry.subjects(true)).isEmpty();
    }

    @Test
    void withoutAutoRegistrationASchemaMissingFromAnExistingSubjectIsNamedToo() {
        Schema other =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Other\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");
        registry.register(TOPIC + "-value", other);
        serializer.configure(Map.of("auto.register.schemas", "false"), false);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, order("o-1", 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered under subject 'kappa.orders.ingress-value'")
                .hasCauseInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void withoutAutoRegistrationARegisteredSchemaIsUsed() {
        int id = registry.register(TOPIC + "-value", ORDER);
        serializer.configure(Map.of("auto.register.schemas", "false"), false);

        byte[] payload = serializer.serialize(TOPIC, order("o-1", 1));

        assertThat(WireFormat.decode(payload).schemaId()).isEqualTo(id);
    }

    @Test
    void readerSchemaProjectsDroppingAndDefaultingFields() {
        String reader =
                """
                {"type": "record", "name": "Order", "namespace": "test", "fields": [
                  {"name": "orderId", "type": "string"},
                  {"name": "channel", "type": "string", "default": "web"}
                ]}""";
        deserializer.configure(Map.of("kappa.serde.reader.schema", reader), false);

        GenericRecord decoded =
                (GenericRecord)
                        deserializer.deserialize(
                                TOPIC, serializer.serialize(TOPIC, order("o-1", 5)));

        assertThat(decoded.getSchema()).isEqualTo(new Schema.Parser().parse(reader));
        assertThat(decoded.get("orderId")).hasToString("o-1");
        assertThat(decoded.get("channel")).hasToString("web");
        assertThat(decoded.hasField("amountCents")).isFalse();
    }

    @Test
    void readerSchemaThatCannotReadTheWriterSaysWhy() {
        String reader =
                """
                {"type": "record", "name": "Order", "namespace": "test", "fields": [
                  {"name": "customer", "type": "string"}
                ]}""";
        deserializer.configure(Map.of("kappa.serde.reader.schema", reader), false);
        byte[] payload = serializer.serialize(TOPIC, order("o-1", 5));
        int id = WireFormat.decode(payload).schemaId();

        assertThatThrownBy(() -> deserializer.decode(consumerRecord(3, 17L, payload)))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessageContaining(
                        "Cannot decode the record at topic 'kappa.orders.ingress' partition 3 offset"
                                + " 17: reader schema test.Order cannot read writer schema id "
                                + id)
                .hasMessageContaining("customer");
    }

    @Test
    void specificReaderWithoutAGeneratedClassSaysSo() {
        deserializer.configure(Map.of("specific.avro.reader", "true"), false);
        byte[] payload = serializer.serialize(TOPIC, order("o-1", 5));

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, payload))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessageContaining("(test.Order) has no generated class on the classpath");
    }

    @Test
    void wrongMagicByteIsCorrupt() {
        byte[] payload = serializer.serialize(TOPIC, order("o-1", 5));
        payload[0] = 1;

        CorruptPayloadException e = corrupt(payload);

        assertThat(e.reason()).startsWith("first byte is 1, not the wire-format magic byte 0");
        assertThat(e.schemaId()).isEmpty();
    }

    @Test
    void payloadShorterThanTheHeaderIsCorrupt() {
        assertThat(corrupt(new byte[] {0, 0, 1}).reason())
                .startsWith("payload is 3 bytes, shorter than the 5-byte wire-format header");
        assertThat(corrupt(new byte[0]).reason()).startsWith("payload is 0 bytes");
    }

    @Test
    void truncatedBodyIsCorrupt() {
        byte[] payload = serializer.serialize(TOPIC, order("o-1", 5));
        int id = WireFormat.decode(payload).schemaId();

        CorruptPayloadException e = corrupt(Arrays.copyOf(payload, payload.length - 2));

        assertThat(e.schemaId()).hasValue(id);
        assertThat(e.reason())
                .contains(
                        "Avro body does not decode with its writer schema (truncated or malformed)");
        assertThat(e).hasCauseInstanceOf(java.io.EOFException.class);
    }

    @Test
    void bytesLeftOverAfterTheBodyAreCorrupt() {
        byte[] payload = serializer.serialize(TOPIC, order("o-1", 5));
        byte[] longer = Arrays.copyOf(payload, payload.length + 3);

        assertThat(corrupt(longer).reason()).startsWith("bytes left over after decoding");
    }

    @Test
    void unknownSchemaIdIsCorrupt() {
        byte[] payload = WireFormat.encode(999, "garbage".getBytes(UTF_8));

        CorruptPayloadException e = corrupt(payload);

        assertThat(e.schemaId()).hasValue(999);
        assertThat(e.reason()).isEqualTo("unknown schema id 999: the registry has no such schema");
        assertThat(e).hasCauseInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void deserializeApiCannotKnowPartitionAndOffsetAndSaysSo() {
        CorruptPayloadException e =
                catchThrowableOfType(
                        CorruptPayloadException.class,
                        () -> deserializer.deserialize(TOPIC, new RecordHeaders(), new byte[] {9}));

        assertThat(e.topic()).isEqualTo(TOPIC);
        assertThat(e.partition()).isEmpty();
        assertThat(e.offset()).isEmpty();
        assertThat(e)
                .hasMessageStartingWith(
                        "Corrupt payload at topic 'kappa.orders.ingress' (partition and offset"
                                + " unknown): payload is 1 bytes");
    }

    @Test
    void decodeOfAConsumerRecordNamesItsPartitionAndOffset() {
        byte[] payload = serializer.serialize(TOPIC, order("o-1", 5));
        int id = WireFormat.decode(payload).schemaId();
        byte[] truncated = Arrays.copyOf(payload, 7);

        CorruptPayloadException e =
                catchThrowableOfType(
                        CorruptPayloadException.class,
                        () -> deserializer.decode(consumerRecord(7, 123_456L, truncated)));

        assertThat(e.topic()).isEqualTo(TOPIC);
        assertThat(e.partition()).hasValue(7);
        assertThat(e.offset()).hasValue(123_456L);
        assertThat(e)
                .hasMessageStartingWith(
                        "Corrupt payload at topic 'kappa.orders.ingress' partition 7 offset 123456,"
                                + " schema id "
                                + id
                                + ": the 2-byte Avro body does not decode");
    }

    @Test
    void decodeReadsTheKeyWhenConfiguredForKeys() {
        byte[] key = serializer.serialize(TOPIC, "business-key");
        deserializer.configure(Map.of(), true);

        Object decoded =
                deserializer.decode(new ConsumerRecord<>(TOPIC, 0, 1L, key, new byte[] {1}));

        assertThat(decoded).hasToString("business-key");
    }

    @Test
    void registryUnavailableIsARetriableCauseNotCorruption() throws IOException {
        byte[] payload = serializer.serialize(TOPIC, order("o-1", 5));
        KappaAvroDeserializer unreachable =
                new KappaAvroDeserializer(
                        new HttpSchemaRegistryClient(
                                RegistryClientConfig.from(
                                        Map.of(
                                                "schema.registry.url",
                                                "http://127.0.0.1:" + freePort(),
                                                "kappa.registry.max-retries",
                                                0))));

        SerializationException e =
                catchThrowableOfType(
                        SerializationException.class,
                        () -> unreachable.decode(consumerRecord(2, 9L, payload)));

        assertThat(e).isNotInstanceOf(CorruptPayloadException.class);
        assertThat(e)
                .hasMessageStartingWith(
                        "Cannot decode the record at topic 'kappa.orders.ingress' partition 2 offset"
                                + " 9: fetching writer schema id");
        assertThat(((RegistryException) e.getCause()).isRetriable()).isTrue();
    }

    @Test
    void configureBuildsTheRegistryClientFromTheSameMap() {
        KappaAvroSerializer configured = new KappaAvroSerializer();

        assertThatThrownBy(
                        () -> configured.configure(Map.of("auto.register.schemas", "true"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Missing schema.registry.url");
        assertThatThrownBy(() -> new KappaAvroDeserializer().configure(Map.of(), false))
                .hasMessageStartingWith("Missing schema.registry.url");
    }

    @Test
    void unconfiguredSerdeWithoutAClientSaysWhatToDo() {
        assertThatThrownBy(() -> new KappaAvroSerializer().serialize(TOPIC, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call configure() with schema.registry.url");
        assertThatThrownBy(() -> new KappaAvroDeserializer().deserialize(TOPIC, new byte[5]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call configure() with schema.registry.url");
    }

    private Object roundTrip(Object value) {
        return deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, value));
    }

    private CorruptPayloadException corrupt(byte[] payload) {
        CorruptPayloadException e =
                catchThrowableOfType(
                        CorruptPayloadException.class,
                        () -> deserializer.decode(consumerRecord(4, 40L, payload)));
        assertThat(e).as("a CorruptPayloadException").isNotNull();
        assertThat(e.topic()).isEqualTo(TOPIC);
        assertThat(e.partition()).hasValue(4);
        assertThat(e.offset()).hasValue(40L);
        assertThat(e)
                .hasMessageStartingWith(
                        "Corrupt payload at topic 'kappa.orders.ingress' partition 4 offset 40")
                .hasMessageEndingWith(e.reason());
        return e;
    }

    private static ConsumerRecord<byte[], byte[]> consumerRecord(
            int partition, long offset, byte[] value) {
        return new ConsumerRecord<>(TOPIC, partition, offset, "key".getBytes(UTF_8), value);
    }

    private static GenericRecord order(String id, long amountCents) {
        GenericData.Record order = new GenericData.Record(ORDER);
        order.put("orderId", id);
        order.put("amountCents", amountCents);
        return order;
    }

    private static ReplayOrder replayOrder() {
        return ReplayOrder.newBuilder()
                .setOrderId("o-42")
                .setAmountCents(999L)
                .setPlacedAt(Instant.ofEpochMilli(1_700_000_000_123L))
                .setStatus(OrderStatus.SHIPPED)
                .setTags(List.of("priority", "gift"))
                .setNote(null)
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
