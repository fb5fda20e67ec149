package io.kappareplay.publisher.manifest;

import io.kappareplay.schemas.manifest.PartitionSummary;
import io.kappareplay.schemas.naming.KappaHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The committed records of some partitions of the ingress topic, each up to a fixed end offset, as
 * {@link LedgerRow}s: read from the beginning with a read_committed consumer (no group, nothing
 * committed), one poll's records at a time, so a partition of any size streams through. Each
 * partition is summed up as its rows pass; once the cursor is exhausted {@link #summaries()} holds
 * what the manifest needs.
 *
 * <pre>{@code
 * try (LedgerCursor cursor = readBack.open(endOffsets)) {
 *     while (cursor.hasNext()) {
 *         parquet.write(cursor.next());
 *     }
 *     List<PartitionSummary> partitions = cursor.summaries();
 * }
 * }</pre>
 */
public final class LedgerCursor implements Iterator<LedgerRow>, AutoCloseable {
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final String topic;
    private final Duration timeout;
    private final long deadline;
    private final SortedMap<Integer, Long> ends;
    private final SortedMap<Integer, PartitionTally> tallies = new TreeMap<>();
    private final Set<TopicPartition> unread = new HashSet<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private Iterator<ConsumerRecord<byte[], byte[]>> polled = Collections.emptyIterator();

    LedgerCursor(
            Map<String, Object> consumerConfig,
            String topic,
            Map<Integer, Long> endOffsets,
            Duration timeout) {
        this.topic = topic;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
        this.ends = new TreeMap<>(endOffsets);
        ends.forEach(
                (partition, end) -> {
                    tallies.put(partition, new PartitionTally(partition));
                    if (end > 0) {
                        unread.add(new TopicPartition(topic, partition));
                    }
                });
        this.consumer =
                new KafkaConsumer<>(
                        consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(unread);
        consumer.seekToBeginning(unread);
    }

    /**
     * @throws ReadBackException if the partitions are not read to their end offsets within the
     *     timeout
     */
    @Override
    public boolean hasNext() {
        while (!polled.hasNext()) {
            if (unread.isEmpty()) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                throw new ReadBackException(
                        "Cannot read back "
                                + topic
                                + " within "
                                + timeout
                                + ": "
                                + unread.size()
                                + " partition(s) not read to their end offset, e.g. "
                                + unread.iterator().next()
                                + "; raise kappa.publisher.read-back-timeout or check the"
                                + " broker's health",
                        null);
            }
            poll();
        }
        return true;
    }

    private void poll() {
        List<ConsumerRecord<byte[], byte[]>> below = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
            // Records committed after the end offsets were fixed belong to no manifest.
            if (record.offset() < ends.get(record.partition())) {
                below.add(record);
            }
        }
        polled = below.iterator();
        for (TopicPartition partition : List.copyOf(unread)) {
            if (consumer.position(partition) >= ends.get(partition.partition())) {
                unread.remove(partition);
                consumer.pause(List.of(partition));
            }
        }
    }

    /**
     * @throws ReadBackException if the record has no key: the publisher always writes the business
     *     key, so such a record was written by something else, and no manifest can account for it
     */
    @Override
    public LedgerRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException("every partition of " + topic + " is read");
        }
        ConsumerRecord<byte[], byte[]> record = polled.next();
        if (record.key() == null) {
            throw new ReadBackException(
                    "Record "
                            + record.partition()
                            + "@"
                            + record.offset()
                            + " of "
                            + topic
                            + " has no key, so the publisher did not write it; find out what else"
                            + " writes to the job's ingress topic, then publish again with"
                            + " kappa.publisher.replace=true",
                    null);
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        Header lineage = record.headers().lastHeader(KappaHeaders.LINEAGE);
        tallies.get(record.partition()).add(key, record.offset());
        return new LedgerRow(
                key,
                lineage == null || lineage.value() == null
                        ? null
                        : new String(lineage.value(), StandardCharsets.UTF_8),
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()));
    }

    /**
     * The summary of every partition of the cursor, in partition order.
     *
     * @throws IllegalStateException if rows are left: the summaries would not hold them
     */
    public List<PartitionSummary> summaries() {
        if (hasNext()) {
            throw new IllegalStateException(
                    "Rows of " + topic + " are left unread; read the cursor to its end first");
        }
        return tallies.entrySet().stream()
                .map(entry -> entry.getValue().summary(ends.get(entry.getKey())))
                .toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
