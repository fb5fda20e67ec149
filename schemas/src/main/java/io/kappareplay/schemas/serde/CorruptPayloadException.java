package io.kappareplay.schemas.serde;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record value (or key) that can never be decoded: not in the wire format, shorter than its
 * header, an Avro body that does not match its writer schema, or a schema id the registry does not
 * know. Permanent: reading it again gives the same error, so it belongs in the dead-letter topic.
 *
 * <p>Named apart from Kafka's {@code org.apache.kafka.common.errors.CorruptRecordException}, which
 * is a retriable broker-side checksum error.
 *
 * <pre>{@code
 * try {
 *     value = deserializer.decode(record);
 * } catch (CorruptPayloadException e) {
 *     deadLetters.send(record, e.reason());
 * }
 * }</pre>
 */
public class CorruptPayloadException extends SerializationException {
    private final String topic;
    private final Integer partition;
    private final Long offset;
    private final Integer schemaId;
    private final String reason;

    /**
     * @param partition null when unknown (Kafka's {@code Deserializer} API does not pass it)
     * @param offset null when unknown
     * @param schemaId null when the header could not be read
     */
    public CorruptPayloadException(
            String topic,
            Integer partition,
            Long offset,
            Integer schemaId,
            String reason,
            Throwable cause) {
        super(
                "Corrupt payload at "
                        + RecordPosition.describe(topic, partition, offset)
                        + (schemaId == null ? "" : ", schema id " + schemaId)
                        + ": "
                        + reason,
                cause);
        this.topic = requireNonNull(topic, "topic");
        this.partition = partition;
        this.offset = offset;
        this.schemaId = schemaId;
        this.reason = requireNonNull(reason, "reason");
    }

    public String topic() {
        return topic;
    }

    public OptionalInt partition() {
        return partition == null ? OptionalInt.empty() : OptionalInt.of(partition);
    }

    public OptionalLong offset() {
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** The schema id from the header, when the header could be read. */
    public OptionalInt schemaId() {
        return schemaId == null ? OptionalInt.empty() : OptionalInt.of(schemaId);
    }

    /** Why the payload cannot be decoded, without the position. */
    public String reason() {
        return reason;
    }
}
