package io.kappareplay.schemas.serde;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;

/**
 * Confluent's wire format: byte 0 is the magic byte 0, bytes 1–4 the schema id as a big-endian int,
 * then the Avro binary encoding of the value. Free of Kafka classes, so Spark and Flink code can
 * frame and unframe payloads with it.
 *
 * <pre>{@code
 * byte[] payload = WireFormat.encode(schemaId, avroBytes);
 * WireFormat.Frame frame = WireFormat.decode(payload);
 * Schema writer = registry.schemaById(frame.schemaId());
 * }</pre>
 */
public final class WireFormat {
    /** The only format version there is. */
    public static final byte MAGIC_BYTE = 0;

    /** Magic byte plus schema id. */
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {}

    /** The five header bytes for {@code schemaId}. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** The header for {@code schemaId} followed by {@code avroBody}. */
    public static byte[] encode(int schemaId, byte[] avroBody) {
        return ByteBuffer.allocate(HEADER_LENGTH + avroBody.length)
                .put(MAGIC_BYTE)
                .putInt(schemaId)
                .put(avroBody)
                .array();
    }

    /**
     * Reads the header of {@code payload}.
     *
     * @throws IllegalArgumentException saying why, if {@code payload} is shorter than the header or
     *     its first byte is not the magic byte
     */
    public static Frame decode(byte[] payload) {
        requireNonNull(payload, "payload");
        if (payload.length < HEADER_LENGTH) {
            throw new IllegalArgumentException(
                    "payload is "
                            + payload.length
                            + " bytes, shorter than the "
                            + HEADER_LENGTH
                            + "-byte wire-format header (magic byte and schema id)");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new IllegalArgumentException(
                    "first byte is "
                            + payload[0]
                            + ", not the wire-format magic byte "
                            + MAGIC_BYTE
                            + " (not written by a Confluent-format Avro serializer)");
        }
        return new Frame(ByteBuffer.wrap(payload, 1, 4).getInt(), payload);
    }

    /**
     * A payload whose header has been read: the schema id, and the Avro body as a range of the
     * original array (not copied).
     */
    public record Frame(int schemaId, byte[] payload) {
        public Frame {
            requireNonNull(payload, "payload");
        }

        public int bodyOffset() {
            return HEADER_LENGTH;
        }

        public int bodyLength() {
            return payload.length - HEADER_LENGTH;
        }

        /** The Avro body, read-only. */
        public ByteBuffer body() {
            return ByteBuffer.wrap(payload, bodyOffset(), bodyLength()).slice().asReadOnlyBuffer();
        }
    }
}
