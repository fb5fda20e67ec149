package io.kappareplay.consumer.runtime;

import io.kappareplay.consumer.egress.ErrorStage;
import io.kappareplay.consumer.metrics.RecordOutcome;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.service.api.ReplayOutput;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the outputs of a record to egress, or its dead letter to the DLQ, and finishes the record
 * once every send is acknowledged (decision 0006: completion happens off the poll thread).
 *
 * <p>Threads: {@link #sendOutputs} and {@link #deadLetter} are called by whichever thread ends an
 * attempt (the poll thread, a worker, an asynchronous handler's thread, the timer);
 * acknowledgements arrive on the producer's callback thread, and a send that failed is retried from
 * the timer thread because a send may block on a full buffer. The last acknowledgement hands the
 * record to {@code finished} (the completion queue), from the callback thread. A send that still
 * fails after {@link #SEND_ATTEMPTS} fails the record over to the DLQ (stage {@code produce}); a
 * dead letter that cannot be written stops the runtime through {@code fail}.
 */
final class EgressSender implements OutputSink {
    private static final Logger log = LoggerFactory.getLogger(EgressSender.class);

    /**
     * Attempts at each send, the first included, before the record fails over to the DLQ (or, for a
     * dead letter, the runtime stops).
     */
    static final int SEND_ATTEMPTS = 3;

    private static final Duration SEND_RETRY_BACKOFF = Duration.ofMillis(200);

    private final String jobId;
    private final JobNames names;
    private final Producer<byte[], byte[]> producer;
    private final ResultRecords results;
    private final ScheduledExecutorService timer;
    private final Consumer<Work> finished;
    private final Consumer<Throwable> fail;

    /**
     * @param producer the runtime's {@code KafkaProducer}; the interface, so that a unit test can
     *     give Kafka's {@code MockProducer}
     * @param timer where failed sends are retried; once it is shut down, a failed send is not
     *     retried
     * @param finished receives each record whose sends were all acknowledged
     * @param fail stops the runtime with the error
     */
    EgressSender(
            String jobId,
            JobNames names,
            Producer<byte[], byte[]> producer,
            ResultRecords results,
            ScheduledExecutorService timer,
            Consumer<Work> finished,
            Consumer<Throwable> fail) {
        this.jobId = jobId;
        this.names = names;
        this.producer = producer;
        this.results = results;
        this.timer = timer;
        this.finished = finished;
        this.fail = fail;
    }

    /**
     * Sends the handler's outputs to egress; outputs that cannot be encoded dead-letter the record.
     */
    @Override
    public void sendOutputs(Work work, List<ReplayOutput> outputs) {
        List<ProducerRecord<byte[], byte[]>> records;
        try {
            records = results.outputs(work, outputs);
        } catch (RuntimeException e) {
            deadLetter(work, ErrorStage.PRODUCE, e);
            return;
        }
        send(work, records, RecordOutcome.EGRESS);
    }

    @Override
    public void deadLetter(Work work, ErrorStage stage, Throwable error) {
        send(work, List.of(results.deadLetter(work, stage, error)), RecordOutcome.DLQ);
    }

    private void send(
            Work work, List<ProducerRecord<byte[], byte[]>> records, RecordOutcome outcome) {
        work.outcome = outcome;
        SendGroup group = new SendGroup(work, outcome, records.size());
        for (ProducerRecord<byte[], byte[]> record : records) {
            sendOne(group, record, 1);
        }
    }

    private void sendOne(SendGroup group, ProducerRecord<byte[], byte[]> record, int attempt) {
        try {
            producer.send(
                    record,
                    (metadata, error) -> {
                        if (error == null) {
                            group.acknowledged();
                        } else {
                            sendFailed(group, record, attempt, error);
                        }
                    });
        } catch (RuntimeException e) {
            sendFailed(group, record, attempt, e);
        }
    }

    private void sendFailed(
            SendGroup group, ProducerRecord<byte[], byte[]> record, int attempt, Throwable error) {
        if (group.superseded) {
            return;
        }
        if (attempt < SEND_ATTEMPTS && !timer.isShutdown()) {
            log.warn(
                    "Job {}: send of record {} to {} failed (attempt {}), retrying: {}",
                    jobId,
                    group.work,
                    record.topic(),
                    attempt,
                    error.toString());
            // Not from the producer's callback thread: a send may block on a full buffer.
            try {
                timer.schedule(
                        () -> sendOne(group, record, attempt + 1),
                        SEND_RETRY_BACKOFF.toMillis() * attempt,
                        TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException shuttingDown) {
                // Fall through: fail the record now.
            }
        }
        if (group.outcome == RecordOutcome.EGRESS
                && group.work.failedOver.compareAndSet(false, true)) {
            group.superseded = true;
            deadLetter(group.work, ErrorStage.PRODUCE, error);
        } else if (group.outcome == RecordOutcome.DLQ) {
            group.superseded = true;
            fail.accept(
                    new KafkaException(
                            "Job "
                                    + jobId
                                    + ": the dead letter of record "
                                    + group.work
                                    + " could not be written to "
                                    + names.dlqTopic()
                                    + "; stopping without committing it",
                            error));
        }
    }

    /** The sends of one outcome of a record; the last acknowledgement finishes the record. */
    private final class SendGroup {
        private final Work work;
        private final RecordOutcome outcome;
        private final AtomicInteger left;
        private volatile boolean superseded;

        SendGroup(Work work, RecordOutcome outcome, int sends) {
            this.work = work;
            this.outcome = outcome;
            this.left = new AtomicInteger(sends);
        }

        void acknowledged() {
            if (left.decrementAndGet() == 0 && !superseded) {
                finished.accept(work);
            }
        }
    }
}
