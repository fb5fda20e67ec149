package io.kappareplay.consumer.runtime;

import io.kappareplay.consumer.egress.ErrorStage;
import io.kappareplay.consumer.metrics.RecordOutcome;
import io.kappareplay.service.api.ReplayOutput;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Exactly-once mode's output sink: a finished attempt's records are built and kept on the record
 * ({@link Work#held}), not sent. The record goes to the completion queue at once, so its offset
 * joins the contiguous prefix and its in-flight permit is freed; the records are sent by the
 * transaction that commits that offset ({@link TransactionalCommitter}), never by another, so
 * egress holds them exactly when the offset is committed.
 */
final class HeldOutputs implements OutputSink {
    private final ResultRecords results;
    private final Consumer<Work> finished;

    HeldOutputs(ResultRecords results, Consumer<Work> finished) {
        this.results = results;
        this.finished = finished;
    }

    @Override
    public void sendOutputs(Work work, List<ReplayOutput> outputs) {
        List<ProducerRecord<byte[], byte[]>> records;
        try {
            records = results.outputs(work, outputs);
        } catch (RuntimeException e) {
            deadLetter(work, ErrorStage.PRODUCE, e);
            return;
        }
        hold(work, records, RecordOutcome.EGRESS);
    }

    @Override
    public void deadLetter(Work work, ErrorStage stage, Throwable error) {
        hold(work, List.of(results.deadLetter(work, stage, error)), RecordOutcome.DLQ);
    }

    /**
     * Replaces a record's held outputs by its dead letter (stage {@code produce}) after a
     * transaction could not write them, e.g. an output above the broker's size limit; the record
     * stays held, for the next transaction. Poll thread.
     *
     * @return false if it was a dead letter already: then nothing can be written for it
     */
    boolean failOver(Work work, Throwable error) {
        if (work.outcome == RecordOutcome.DLQ) {
            return false;
        }
        work.held = List.of(results.deadLetter(work, ErrorStage.PRODUCE, error));
        work.outcome = RecordOutcome.DLQ;
        return true;
    }

    private void hold(
            Work work, List<ProducerRecord<byte[], byte[]>> records, RecordOutcome outcome) {
        work.held = records;
        work.outcome = outcome;
        finished.accept(work);
    }
}
