package io.kappareplay.sink.testing;

import io.kappareplay.schemas.kafka.PartitionCount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a test fixture produced in committed transactions, checked send by send: every record's
 * future must have succeeded once its transaction committed, and the offsets the broker
 * acknowledged are what a read_committed read must later return, no more and no less (VERSIONS.md,
 * "Idempotent producer into a new topic can lose records": count, never assume).
 *
 * <p>A transaction whose commit fails (a batch failed, e.g. with {@code
 * OUT_OF_ORDER_SEQUENCE_NUMBER} into a fresh topic, KAFKA-15591) is aborted and sent again, at most
 * {@link #ATTEMPTS} times, and said so on stderr; its first attempt's records stay on the topic as
 * aborted records, which no reader returns.
 */
final class CheckedSends {
    static final int ATTEMPTS = 3;

    private final Map<TopicPartition, BitSet> acknowledged = new HashMap<>();
    private int transactions;
    private int retried;

    /** Sends {@code records} in one transaction and commits it, retrying an aborted attempt. */
    void commit(
            KafkaProducer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> records) {
        int number = ++transactions;
        for (int attempt = 1; ; attempt++) {
            producer.beginTransaction();
            List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
            for (ProducerRecord<byte[], byte[]> record : records) {
                futures.add(producer.send(record));
            }
            try {
                producer.commitTransaction();
            } catch (ProducerFencedException
                    | AuthorizationException
                    | UnsupportedVersionException e) {
                throw new AssertionError(
                        "Transaction #" + number + " cannot commit: " + e + failures(futures), e);
            } catch (KafkaException e) {
                String failed = failures(futures);
                producer.abortTransaction();
                if (attempt == ATTEMPTS) {
                    throw new AssertionError(
                            "Transaction #"
                                    + number
                                    + " failed to commit "
                                    + ATTEMPTS
                                    + " times, last: "
                                    + e
                                    + failed,
                            e);
                }
                retried++;
                System.err.println(
                        "EgressFixture: transaction #"
                                + number
                                + " ("
                                + records.size()
                                + " records) did not commit on attempt "
                                + attempt
                                + ": "
                                + e
                                + failed
                                + "; aborted, sending it again");
                continue;
            }
            // The commit flushed: every future is done. One that failed under a successful commit
            // would be a silently lost record, the very thing this class is here to catch.
            for (int i = 0; i < futures.size(); i++) {
                RecordMetadata metadata;
                try {
                    metadata = futures.get(i).get();
                } catch (ExecutionException e) {
                    throw new AssertionError(
                            "Transaction #"
                                    + number
                                    + " committed, but the send of "
                                    + describe(records.get(i))
                                    + " failed: "
                                    + e.getCause(),
                            e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
                acknowledged
                        .computeIfAbsent(
                                new TopicPartition(metadata.topic(), metadata.partition()),
                                tp -> new BitSet())
                        .set(Math.toIntExact(metadata.offset()));
            }
            return;
        }
    }

    /** Transactions that had to be sent again. */
    int retried() {
        return retried;
    }

    /**
     * Compares the committed records a read_committed count found in each partition of {@code
     * topic} with the records acknowledged in committed transactions, and fails naming every
     * partition that differs: the acknowledged offsets a read_committed read does not return (and
     * whether a read_uncommitted read has them, i.e. they were written but are not committed), and
     * any offset it returns that the fixture never had acknowledged.
     */
    void assertCommitted(String topic, List<PartitionCount> counted, Map<String, Object> client) {
        List<String> differences = new ArrayList<>();
        for (PartitionCount partition : counted) {
            TopicPartition tp = new TopicPartition(topic, partition.partition());
            BitSet sent = acknowledged.getOrDefault(tp, new BitSet());
            if (sent.cardinality() == partition.records()) {
                continue;
            }
            BitSet committed = read(client, tp, partition.endOffset(), "read_committed");
            BitSet written = read(client, tp, partition.endOffset(), "read_uncommitted");
            BitSet missing = (BitSet) sent.clone();
            missing.andNot(committed);
            BitSet missingButWritten = (BitSet) missing.clone();
            missingButWritten.and(written);
            BitSet unexpected = (BitSet) committed.clone();
            unexpected.andNot(sent);
            differences.add(
                    tp
                            + ": sent and acknowledged in committed transactions "
                            + sent.cardinality()
                            + ", counted read_committed "
                            + partition.records()
                            + " (end offset "
                            + partition.endOffset()
                            + "); acknowledged but not returned read_committed: "
                            + missing.cardinality()
                            + " "
                            + ranges(missing)
                            + ", of which a read_uncommitted read returns "
                            + missingButWritten.cardinality()
                            + " (written but not committed); returned but never acknowledged: "
                            + unexpected.cardinality()
                            + " "
                            + ranges(unexpected));
        }
        if (!differences.isEmpty()) {
            throw new AssertionError(
                    "The fixture's records on "
                            + topic
                            + " are not what it produced ("
                            + transactions
                            + " committed transactions, "
                            + retried
                            + " sent again):\n  "
                            + String.join("\n  ", differences));
        }
    }

    private static BitSet read(
            Map<String, Object> client, TopicPartition partition, long end, String isolation) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        BitSet offsets = new BitSet();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end) {
                        offsets.set(Math.toIntExact(record.offset()));
                    }
                }
            }
        }
        return offsets;
    }

    /** The first ten ranges of set bits, e.g. {@code [12..2511, 2600, ...]}. */
    static String ranges(BitSet offsets) {
        List<String> parts = new ArrayList<>();
        int from = offsets.nextSetBit(0);
        while (from >= 0 && parts.size() < 10) {
            int to = offsets.nextClearBit(from) - 1;
            parts.add(from == to ? Integer.toString(from) : from + ".." + to);
            from = offsets.nextSetBit(to + 1);
        }
        return "[" + String.join(", ", parts) + (from >= 0 ? ", ..." : "") + "]";
    }

    private static String describe(ProducerRecord<byte[], byte[]> record) {
        return record.topic()
                + "-"
                + record.partition()
                + " (timestamp "
                + record.timestamp()
                + ")";
    }

    private static String failures(List<Future<RecordMetadata>> futures) {
        Map<String, Integer> byError = new TreeMap<>();
        for (Future<RecordMetadata> future : futures) {
            if (!future.isDone()) {
                byError.merge("not completed", 1, Integer::sum);
                continue;
            }
            try {
                future.get();
            } catch (ExecutionException e) {
                byError.merge(String.valueOf(e.getCause()), 1, Integer::sum);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "; interrupted";
            }
        }
        return byError.isEmpty() ? "" : "; failed sends: " + byError;
    }
}
