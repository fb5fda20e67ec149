package io.kappareplay.consumer.runtime;

import io.kappareplay.consumer.egress.EgressRecords;
import io.kappareplay.consumer.egress.ErrorStage;
import io.kappareplay.consumer.egress.IngressOrigin;
import io.kappareplay.consumer.egress.OutputEncoder;
import io.kappareplay.consumer.http.HttpFailures;
import io.kappareplay.service.api.ReplayOutput;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka records a finished attempt becomes: its encoded outputs with lineage headers, or its
 * dead letter. Both output sinks build them here, so both modes write the same records.
 */
final class ResultRecords {
    private final OutputEncoder encoder;
    private final EgressRecords egress;

    ResultRecords(OutputEncoder encoder, EgressRecords egress) {
        this.encoder = encoder;
        this.egress = egress;
    }

    /**
     * The egress records of {@code outputs} (one 0-output marker for none).
     *
     * @throws RuntimeException when an output does not fit the output schema: the record is then
     *     dead-lettered at stage {@code produce}
     */
    List<ProducerRecord<byte[], byte[]>> outputs(Work work, List<ReplayOutput> outputs) {
        return egress.outputs(
                IngressOrigin.of(work.record),
                encoder.encode(outputs),
                work.attempt,
                System.currentTimeMillis());
    }

    /**
     * The dead letter of {@code work}; {@code error}, already unwrapped, gives {@code
     * kappa.error.http-status} when the HTTP handler threw it after a response.
     */
    ProducerRecord<byte[], byte[]> deadLetter(Work work, ErrorStage stage, Throwable error) {
        return egress.deadLetter(
                IngressOrigin.of(work.record),
                stage,
                error,
                work.attempt,
                HttpFailures.status(error),
                System.currentTimeMillis());
    }
}
