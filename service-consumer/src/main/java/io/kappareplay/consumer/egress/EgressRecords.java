package io.kappareplay.consumer.egress;

import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.naming.KappaHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the records the runtime produces for one finished input, with the lineage headers of the
 * contract: {@code kappa.job}, {@code kappa.snapshot} and {@code kappa.lineage} carried over from
 * the input, {@code kappa.ingress.partition}, {@code kappa.ingress.offset} and {@code
 * kappa.attempts}; on egress {@code kappa.output.index}/{@code kappa.output.count}; on dead letters
 * the {@code kappa.error.*} headers.
 *
 * <p>Every record goes to the partition of its input (egress and DLQ have as many partitions as
 * ingress): a key's outputs stay together and in input order even when a handler rekeys them, and a
 * partition of egress descends from one partition of ingress. Its timestamp is when the handler
 * finished, which the sink lands as {@code processed_at}.
 *
 * <pre>{@code
 * EgressRecords records = new EgressRecords(JobNames.of("orders"));
 * for (ProducerRecord<byte[], byte[]> r : records.outputs(origin, encoded, attempts, finishedAt)) {
 *     producer.send(r, callback);
 * }
 * }</pre>
 */
public final class EgressRecords {
    /** Longer messages are cut: a header is no place for a stack of nested causes. */
    static final int MAX_ERROR_MESSAGE_CHARS = 2_000;

    private final JobNames names;
    private final byte[] jobHeader;

    public EgressRecords(JobNames names) {
        this.names = names;
        this.jobHeader = utf8(names.jobId());
    }

    /**
     * The egress records of an input's outputs: one per output, or, for no output, one marker
     * record with a null value and {@code kappa.output.count=0}, so every finished input leaves a
     * trace that reconciliation counts.
     */
    public List<ProducerRecord<byte[], byte[]>> outputs(
            IngressOrigin origin,
            List<EncodedOutput> outputs,
            int attempts,
            long finishedAtMillis) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(Math.max(1, outputs.size()));
        if (outputs.isEmpty()) {
            Headers headers = lineage(origin, attempts);
            headers.add(KappaHeaders.OUTPUT_INDEX, utf8("0"));
            headers.add(KappaHeaders.OUTPUT_COUNT, utf8("0"));
            records.add(
                    record(
                            names.egressTopic(),
                            origin,
                            origin.key(),
                            null,
                            headers,
                            finishedAtMillis));
            return records;
        }
        byte[] count = utf8(Integer.toString(outputs.size()));
        for (int index = 0; index < outputs.size(); index++) {
            EncodedOutput output = outputs.get(index);
            Headers headers = lineage(origin, attempts);
            headers.add(KappaHeaders.OUTPUT_INDEX, utf8(Integer.toString(index)));
            headers.add(KappaHeaders.OUTPUT_COUNT, count);
            byte[] key = output.key() != null ? output.key() : origin.key();
            records.add(
                    record(
                            names.egressTopic(),
                            origin,
                            key,
                            output.value(),
                            headers,
                            finishedAtMillis));
        }
        return records;
    }

    /**
     * The dead letter record of a failed input: its original key, value and headers unchanged, plus
     * the lineage and error headers.
     *
     * @param httpStatus the status an HTTP handler's service answered, if that is how it failed
     */
    public ProducerRecord<byte[], byte[]> deadLetter(
            IngressOrigin origin,
            ErrorStage stage,
            Throwable error,
            int attempts,
            OptionalInt httpStatus,
            long failedAtMillis) {
        Headers headers = lineage(origin, attempts);
        headers.add(KappaHeaders.ERROR_CLASS, utf8(error.getClass().getName()));
        headers.add(KappaHeaders.ERROR_MESSAGE, utf8(truncate(String.valueOf(error.getMessage()))));
        headers.add(KappaHeaders.ERROR_STAGE, utf8(stage.headerValue()));
        httpStatus.ifPresent(
                status ->
                        headers.add(
                                KappaHeaders.ERROR_HTTP_STATUS, utf8(Integer.toString(status))));
        return record(
                names.dlqTopic(), origin, origin.key(), origin.value(), headers, failedAtMillis);
    }

    /**
     * The input's own headers with the lineage headers set; {@code kappa.job} is set even when the
     * publisher did not, and {@code kappa.snapshot}/{@code kappa.lineage} travel as they came.
     */
    private Headers lineage(IngressOrigin origin, int attempts) {
        Headers headers = new RecordHeaders();
        for (Header header : origin.headers()) {
            if (!isRuntimeHeader(header.key())) {
                headers.add(header);
            }
        }
        headers.add(KappaHeaders.JOB, jobHeader);
        headers.add(KappaHeaders.INGRESS_PARTITION, utf8(Integer.toString(origin.partition())));
        headers.add(KappaHeaders.INGRESS_OFFSET, utf8(Long.toString(origin.offset())));
        headers.add(KappaHeaders.ATTEMPTS, utf8(Integer.toString(attempts)));
        return headers;
    }

    /**
     * Headers this class writes: an input carrying them (a redriven dead letter) gets fresh ones.
     */
    private static boolean isRuntimeHeader(String key) {
        return key.equals(KappaHeaders.JOB)
                || key.equals(KappaHeaders.INGRESS_PARTITION)
                || key.equals(KappaHeaders.INGRESS_OFFSET)
                || key.equals(KappaHeaders.ATTEMPTS)
                || key.equals(KappaHeaders.OUTPUT_INDEX)
                || key.equals(KappaHeaders.OUTPUT_COUNT)
                || key.startsWith("kappa.error.");
    }

    private static ProducerRecord<byte[], byte[]> record(
            String topic,
            IngressOrigin origin,
            byte[] key,
            byte[] value,
            Headers headers,
            long timestamp) {
        return new ProducerRecord<>(topic, origin.partition(), timestamp, key, value, headers);
    }

    private static String truncate(String message) {
        return message.length() <= MAX_ERROR_MESSAGE_CHARS
                ? message
                : message.substring(0, MAX_ERROR_MESSAGE_CHARS) + "... (truncated)";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
