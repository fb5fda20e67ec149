package io.kappareplay.consumer.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Exactly-once mode's commit step: one Kafka transaction holds the held records of exactly the
 * records whose offsets it commits, and those offsets (with the consumer's group metadata, so a
 * member that lost its partitions in a rebalance is fenced: KIP-447). It runs on its own thread, so
 * the poll loop goes on fetching and dispatching, and the handlers go on running, while the broker
 * writes the commit markers; the next transaction starts once this one has ended.
 *
 * <p>An aborted transaction leaves nothing visible to a {@code read_committed} reader and commits
 * no offset: its records are held again and go into a later transaction. Errors after which the
 * producer cannot go on (fenced by a newer instance with the same transactional id, an
 * authorization failure) are fatal; the runtime stops and a new instance carries on from the
 * committed offsets.
 *
 * <p>Threads: every method but the transaction itself is called by the poll thread; the producer is
 * used only by the commit thread.
 */
final class TransactionalCommitter implements AutoCloseable {

    /** What one transaction commits: the records' held outputs and the offsets past them. */
    record Transaction(
            Map<TopicPartition, OffsetAndMetadata> offsets,
            List<Work> works,
            ConsumerGroupMetadata group) {
        boolean isEmpty() {
            return offsets.isEmpty() && works.isEmpty();
        }
    }

    /**
     * A send of a transaction that failed: the record, why, and whether {@code send} itself refused
     * it (the record's own fault, e.g. too large). Failures reported later, by the producer's
     * network thread, are the transaction's: once it is in error, Kafka fails every pending batch
     * with that same first error, so they say nothing about their own records.
     */
    record FailedSend(ProducerRecord<byte[], byte[]> record, Exception error, boolean refused) {
        @Override
        public String toString() {
            return error.toString();
        }
    }

    /**
     * How a transaction ended: committed, aborted ({@code failure} present; records it could not
     * write in {@code failedSends}), or fatal for the producer.
     */
    record Outcome(
            Transaction transaction,
            Optional<KafkaException> failure,
            boolean fatal,
            Map<Work, FailedSend> failedSends,
            long nanos) {
        boolean committed() {
            return failure.isEmpty();
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final ExecutorService thread;
    private Future<Outcome> running;

    /** Takes over a transactional producer; fences any earlier producer with its id. */
    TransactionalCommitter(String jobId, Producer<byte[], byte[]> producer) {
        this.producer = producer;
        producer.initTransactions();
        this.thread =
                Executors.newSingleThreadExecutor(
                        runnable -> {
                            Thread commit = new Thread(runnable, "kappa-commit-" + jobId);
                            commit.setDaemon(true);
                            return commit;
                        });
    }

    /**
     * Whether a transaction is running, or has ended without its outcome taken: the next one may
     * start only after the poll thread has acted on the last outcome (held again what it aborted).
     */
    boolean busy() {
        return running != null;
    }

    /** Starts {@code transaction} on the commit thread. Not while {@link #busy()}. */
    void start(Transaction transaction) {
        if (busy()) {
            throw new IllegalStateException("the last transaction's outcome was not taken");
        }
        running = thread.submit(() -> run(transaction));
    }

    /** The outcome of the last transaction started, once it has ended; each is taken once. */
    Optional<Outcome> takeOutcome() {
        if (running == null || !running.isDone()) {
            return Optional.empty();
        }
        return Optional.of(take());
    }

    /** Waits for the running transaction, if any, and takes its outcome. */
    Optional<Outcome> awaitOutcome() {
        return running == null ? Optional.empty() : Optional.of(take());
    }

    private Outcome take() {
        Future<Outcome> ended = running;
        running = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return ended.get();
                } catch (InterruptedException e) {
                    // The transaction runs on: its outcome decides what is held and committed.
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("the commit thread failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Outcome run(Transaction transaction) {
        long start = System.nanoTime();
        Map<Work, FailedSend> failedSends = new ConcurrentHashMap<>();
        Thread commitThread = Thread.currentThread();
        try {
            producer.beginTransaction();
            for (Work work : transaction.works()) {
                for (ProducerRecord<byte[], byte[]> record : work.held) {
                    producer.send(
                            record,
                            (metadata, error) -> {
                                if (error != null) {
                                    failedSends.putIfAbsent(
                                            work,
                                            new FailedSend(
                                                    record,
                                                    error,
                                                    Thread.currentThread() == commitThread));
                                }
                            });
                }
            }
            if (!transaction.offsets().isEmpty()) {
                producer.sendOffsetsToTransaction(transaction.offsets(), transaction.group());
            }
            producer.commitTransaction();
            return new Outcome(
                    transaction, Optional.empty(), false, Map.of(), System.nanoTime() - start);
        } catch (ProducerFencedException
                | OutOfOrderSequenceException
                | AuthorizationException
                | UnsupportedVersionException e) {
            return new Outcome(
                    transaction, Optional.of(e), true, failedSends, System.nanoTime() - start);
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailed) {
                abortFailed.addSuppressed(e);
                return new Outcome(
                        transaction,
                        Optional.of(abortFailed),
                        true,
                        failedSends,
                        System.nanoTime() - start);
            }
            return new Outcome(
                    transaction, Optional.of(e), false, failedSends, System.nanoTime() - start);
        }
    }

    /** Stops the commit thread once the running transaction has ended; the producer is not ours. */
    @Override
    public void close() {
        thread.shutdown();
    }
}
