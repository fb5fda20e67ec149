package io.kappareplay.consumer.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.kappareplay.consumer.dispatch.InFlightLimit;
import io.kappareplay.consumer.metrics.RecordOutcome;
import io.kappareplay.consumer.offsets.PendingOffset;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The loop's per-record object, from the poll that returned the record until it is finished: the
 * same instance is submitted to the scheduler, retried and put on the completion queue.
 */
final class Work {
    final ConsumerRecord<byte[], byte[]> record;
    final TopicPartition partition;

    /** Consumer-group mode: the offset to complete. Null in share-group mode, which has none. */
    final PendingOffset pending;

    final long polledNanos;
    volatile InFlightLimit.Permit permit;
    volatile int attempt = 1;
    volatile boolean revoked;
    volatile boolean stallReported;
    volatile RecordOutcome outcome;

    /** The timeout of the current attempt, cancelled when the attempt ends first. */
    volatile ScheduledFuture<?> timeout;

    /**
     * Exactly-once mode: the records this one's result became, held for the transaction that
     * commits its offset.
     */
    volatile List<ProducerRecord<byte[], byte[]>> held = List.of();

    /** Records in flight when the current attempt started, for the adaptive in-flight limit. */
    volatile int inFlightAtStart;

    /** Set when the egress sends failed over to the DLQ, so that happens once. */
    final AtomicBoolean failedOver = new AtomicBoolean();

    Work(ConsumerRecord<byte[], byte[]> record, PendingOffset pending) {
        this.record = record;
        this.partition = new TopicPartition(record.topic(), record.partition());
        this.pending = pending;
        this.polledNanos = System.nanoTime();
    }

    /**
     * A record a share consumer acquired: acknowledged, not committed, so it has no offset to
     * complete. Its attempt is the broker's delivery count, which counts every delivery to any
     * instance of the share group (1 when the broker does not say).
     */
    static Work acquired(ConsumerRecord<byte[], byte[]> record) {
        Work work = new Work(record, null);
        work.attempt = record.deliveryCount().map(Short::intValue).orElse(1);
        return work;
    }

    long bytes() {
        return Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
    }

    /** The key as UTF-8 text, empty when the record has none. */
    String key() {
        return record.key() == null ? "" : new String(record.key(), UTF_8);
    }

    Object orderingKey() {
        return record.key() == null ? null : ByteBuffer.wrap(record.key());
    }

    @Override
    public String toString() {
        return partition + "@" + record.offset();
    }
}
