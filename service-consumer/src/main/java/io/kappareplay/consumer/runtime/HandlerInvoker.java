package io.kappareplay.consumer.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.kappareplay.consumer.config.ConsumerConfig;
import io.kappareplay.consumer.dispatch.AdaptiveConcurrency;
import io.kappareplay.consumer.dispatch.AdaptiveConcurrencyMode;
import io.kappareplay.consumer.dispatch.InFlightLimit;
import io.kappareplay.consumer.egress.ErrorStage;
import io.kappareplay.consumer.handler.HandlerForm;
import io.kappareplay.consumer.handler.LoadedHandler;
import io.kappareplay.consumer.metrics.ConsumerMeters;
import io.kappareplay.consumer.retry.FailureKind;
import io.kappareplay.schemas.naming.KappaHeaders;
import io.kappareplay.schemas.serde.CorruptPayloadException;
import io.kappareplay.schemas.serde.KappaAvroDeserializer;
import io.kappareplay.schemas.spec.JobSpec;
import io.kappareplay.schemas.spec.PointInTime;
import io.kappareplay.service.api.ReplayContext;
import io.kappareplay.service.api.ReplayInput;
import io.kappareplay.service.api.ReplayOutput;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Runs one attempt of a record through the handler: decodes the ingress value, builds the {@link
 * ReplayContext} and calls the handler, bounded by the handler timeout. A success goes to the
 * {@link OutputSink}, a failed attempt (the handler threw, timed out, or the registry could not be
 * reached) to {@code attemptFailed} with the {@link ErrorStage} it failed in; a value that is not
 * an Avro record is dead-lettered at once. Each attempt is reported exactly once: the first of its
 * result and its timeout wins. Its latency goes to the handler latency meter and, when the
 * in-flight limit is adaptive, to {@link AdaptiveConcurrency}.
 *
 * <p>Threads: {@link #start} is called on the poll thread. A {@link HandlerForm#BLOCKING} handler
 * runs on the worker pool, and its timeout cancels (interrupts) it; an {@link HandlerForm#ASYNC}
 * handler is called on the poll thread and must not block. The result is reported from the worker,
 * from the thread that completes the asynchronous handler's stage (the poll thread if it is
 * complete already), or from the timer thread when the timeout wins; a record that cannot be
 * decoded is reported on the poll thread. So the {@link OutputSink} and {@code attemptFailed} must
 * be safe to call from any of these threads.
 */
final class HandlerInvoker {
    private final String jobId;
    private final LoadedHandler handler;
    private final Duration handlerTimeout;
    private final Instant specSnapshot;
    private final KappaAvroDeserializer decoder;
    private final ConsumerMeters meters;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final OutputSink sender;
    private final AttemptFailed attemptFailed;
    private final AdaptiveConcurrency adaptiveConcurrency; // null when off

    // The last snapshot header parsed, and its instant (poll thread only).
    private byte[] lastSnapshotHeader;
    private Instant lastSnapshot;

    /** Decides what happens to a record after a failed attempt: retry, dead letter or stop. */
    @FunctionalInterface
    interface AttemptFailed {
        /**
         * @param stage where the attempt failed: {@link ErrorStage#DESERIALIZE} when the value
         *     could not be decoded (the registry unreachable), so the handler never ran; else
         *     {@link ErrorStage#HANDLE}. A dead letter carries it as {@code kappa.error.stage}.
         */
        void failed(Work work, ErrorStage stage, Throwable failure);
    }

    /**
     * @param workers where a blocking handler runs; null for an asynchronous one
     * @param timer where handler timeouts fire
     * @param attemptFailed decides what happens to a record after a failed attempt
     * @param adaptiveConcurrency receives every attempt's latency; null when the limit is fixed
     */
    HandlerInvoker(
            JobSpec spec,
            ConsumerConfig config,
            LoadedHandler handler,
            KappaAvroDeserializer decoder,
            ConsumerMeters meters,
            ExecutorService workers,
            ScheduledExecutorService timer,
            OutputSink sender,
            AttemptFailed attemptFailed,
            AdaptiveConcurrency adaptiveConcurrency) {
        this.jobId = spec.jobId();
        this.handler = handler;
        this.handlerTimeout = config.handlerTimeout();
        this.specSnapshot = snapshotOf(spec.source().pointInTime());
        this.decoder = decoder;
        this.meters = meters;
        this.workers = workers;
        this.timer = timer;
        this.sender = sender;
        this.attemptFailed = attemptFailed;
        this.adaptiveConcurrency = adaptiveConcurrency;
    }

    /** The adaptive limiter the settings ask for over {@code limit}, or null for none. */
    static AdaptiveConcurrency adaptiveConcurrency(ConsumerConfig config, InFlightLimit limit) {
        return config.adaptiveConcurrency() == AdaptiveConcurrencyMode.GRADIENT
                ? new AdaptiveConcurrency(limit, config.adaptiveConcurrencyMinLimit())
                : null;
    }

    /** Starts the record's current attempt. Poll thread only. */
    void start(Work work) {
        Object value;
        try {
            value = work.record.value() == null ? null : decoder.decode(work.record);
        } catch (CorruptPayloadException e) {
            sender.deadLetter(work, ErrorStage.DESERIALIZE, e);
            return;
        } catch (RuntimeException e) {
            // The registry may be unreachable for a while: a retriable failure of the attempt, but
            // of decoding, not of the handler, which never saw the record.
            attemptFailed.failed(work, ErrorStage.DESERIALIZE, e);
            return;
        }
        if (!(value instanceof GenericRecord input)) {
            sender.deadLetter(
                    work,
                    ErrorStage.DESERIALIZE,
                    new IllegalArgumentException(
                            "ingress record "
                                    + work
                                    + " of job "
                                    + jobId
                                    + (value == null
                                            ? " has no value"
                                            : " is not an Avro record but a "
                                                    + value.getClass().getName())));
            return;
        }
        String key = work.key();
        ReplayInput replayInput = new ReplayInput(key, input);
        Instant deadline = Instant.now().plus(handlerTimeout);
        ReplayContext context =
                new ReplayContext(
                        jobId,
                        key,
                        headersOf(work.record),
                        work.attempt,
                        deadline,
                        snapshotOf(work.record),
                        true);
        AtomicBoolean settled = new AtomicBoolean();
        if (adaptiveConcurrency != null) {
            work.inFlightAtStart = adaptiveConcurrency.inFlightRecords();
        }
        long startNanos = System.nanoTime();
        if (handler.form() == HandlerForm.BLOCKING) {
            Future<?> running =
                    workers.submit(
                            () -> {
                                List<ReplayOutput> outputs;
                                try {
                                    outputs = handler.handle(replayInput, context);
                                } catch (Throwable e) {
                                    settle(work, settled, startNanos, null, e);
                                    return;
                                }
                                settle(work, settled, startNanos, outputs, null);
                            });
            work.timeout =
                    timer.schedule(
                            () -> {
                                if (settle(work, settled, startNanos, null, timedOut(work))) {
                                    running.cancel(true);
                                }
                            },
                            handlerTimeout.toNanos(),
                            TimeUnit.NANOSECONDS);
        } else {
            CompletableFuture<List<ReplayOutput>> stage =
                    handler.handleAsync(replayInput, context).toCompletableFuture();
            work.timeout =
                    timer.schedule(
                            () -> settle(work, settled, startNanos, null, timedOut(work)),
                            handlerTimeout.toNanos(),
                            TimeUnit.NANOSECONDS);
            stage.whenComplete(
                    (outputs, error) -> settle(work, settled, startNanos, outputs, error));
        }
    }

    /**
     * Ends an attempt once: the first of its result and its timeout wins.
     *
     * @return whether this call ended it
     */
    private boolean settle(
            Work work,
            AtomicBoolean settled,
            long startNanos,
            List<ReplayOutput> outputs,
            Throwable error) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> timeout = work.timeout;
        if (timeout != null && !(error instanceof TimeoutException)) {
            timeout.cancel(false);
        }
        long elapsedNanos = System.nanoTime() - startNanos;
        meters.handlerLatency().record(elapsedNanos, TimeUnit.NANOSECONDS);
        if (adaptiveConcurrency != null) {
            boolean dropped = error != null && FailureKind.of(error) == FailureKind.RETRIABLE;
            adaptiveConcurrency.onSample(startNanos, elapsedNanos, work.inFlightAtStart, dropped);
        }
        if (error != null) {
            attemptFailed.failed(work, ErrorStage.HANDLE, error);
        } else {
            sender.sendOutputs(work, outputs == null ? List.of() : outputs);
        }
        return true;
    }

    private TimeoutException timedOut(Work work) {
        return new TimeoutException(
                "handler "
                        + handler
                        + " did not finish record "
                        + work
                        + " of job "
                        + jobId
                        + " within "
                        + handlerTimeout);
    }

    private static Map<String, String> headersOf(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(
                    header.key(), header.value() == null ? "" : new String(header.value(), UTF_8));
        }
        return headers;
    }

    /**
     * The record's snapshot header, or the spec's instant when it has none that parses. The last
     * header parsed is kept: a job's records all carry the same instant, and parsing it for each
     * record was a measurable share of the poll thread's time.
     */
    private Instant snapshotOf(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(KappaHeaders.SNAPSHOT);
        if (header != null && header.value() != null) {
            byte[] value = header.value();
            if (Arrays.equals(value, lastSnapshotHeader)) {
                return lastSnapshot;
            }
            try {
                Instant parsed = Instant.parse(new String(value, UTF_8));
                lastSnapshotHeader = value;
                lastSnapshot = parsed;
                return parsed;
            } catch (DateTimeParseException notAnInstant) {
                // Fall back on the spec's instant.
            }
        }
        return specSnapshot;
    }

    /** The instant a job's point in time reads the source as of; the epoch when it has none. */
    private static Instant snapshotOf(PointInTime pointInTime) {
        if (pointInTime instanceof PointInTime.AsOf asOf) {
            return asOf.instant().orElse(Instant.EPOCH);
        } else if (pointInTime instanceof PointInTime.LatestPerKey latest) {
            return latest.instant();
        } else if (pointInTime instanceof PointInTime.Window window) {
            return window.instant();
        }
        return Instant.EPOCH;
    }
}
