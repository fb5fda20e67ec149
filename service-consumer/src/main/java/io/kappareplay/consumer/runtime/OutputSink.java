package io.kappareplay.consumer.runtime;

import io.kappareplay.consumer.egress.ErrorStage;
import io.kappareplay.service.api.ReplayOutput;
import java.util.List;

/**
 * Where a record goes once an attempt has ended: its outputs to egress, or its dead letter to the
 * DLQ. At-least-once mode sends them at once ({@link EgressSender}); exactly-once mode holds them
 * for the transaction that commits the record's offset ({@link HeldOutputs}). Either way the record
 * reaches the completion queue when its part is done. Called from any thread that ends an attempt.
 */
interface OutputSink {
    /** Writes the handler's outputs (or the 0-output marker) of {@code work}. */
    void sendOutputs(Work work, List<ReplayOutput> outputs);

    /** Writes {@code work}'s dead letter: it failed at {@code stage} with {@code error}. */
    void deadLetter(Work work, ErrorStage stage, Throwable error);
}
