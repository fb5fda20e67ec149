package io.kappareplay.consumer.egress;

import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The ingress record an egress or dead letter record descends from: its position, its raw key and
 * value (a dead letter keeps them as they came, they may not decode) and its headers.
 */
public record IngressOrigin(
        String topic, int partition, long offset, byte[] key, byte[] value, Headers headers) {
    public IngressOrigin {
        Objects.requireNonNull(topic, "topic");
        headers = new RecordHeaders(headers.toArray());
    }

    public static IngressOrigin of(ConsumerRecord<byte[], byte[]> record) {
        return new IngressOrigin(
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                record.value(),
                record.headers());
    }
}
