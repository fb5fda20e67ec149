package io.kappareplay.consumer.runtime;

import io.kappareplay.consumer.egress.OutputSchemas;
import io.kappareplay.consumer.handler.LoadedHandler;
import io.kappareplay.schemas.kafka.CommittedRecordCounter;
import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.registry.SchemaRegistryClient;
import io.kappareplay.schemas.spec.JobSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;

/**
 * The life of one {@link ReplayRuntime}, whichever kind of group it reads: started once on its poll
 * thread, asked to stop (closed, ingress drained, or the first fatal error), terminated once the
 * poll thread has closed everything; the egress manifest of a drained job; when the poll loop last
 * came round. Both runtimes answer the state half of their interface from here; how they poll, hand
 * out, finish and close is theirs.
 *
 * <p>Threads: {@link #ingressDrained} and {@link #countOutputsIfDrained} belong to the poll thread;
 * everything else may be called from any thread. Whatever the poll thread did before {@link
 * #terminated} is visible to a thread that {@link #awaitTermination} let through.
 */
final class RuntimeLifecycle {
    private final JobNames names;
    private final Duration shutdownTimeout;
    private final Logger log;

    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean stopRequested;
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private volatile EgressManifest manifest;
    private volatile Thread pollThread;
    private volatile long lastLoopNanos = System.nanoTime();
    private final CountDownLatch terminated = new CountDownLatch(1);

    // Poll thread only: job mode found ingress drained, so shutdown counts the outputs.
    private boolean manifestWanted;

    /**
     * @param shutdownTimeout how long the poll thread lets records in flight finish when closed;
     *     {@link #close} waits a minute longer for it
     * @param log the runtime's own logger: log lines keep naming the runtime that wrote them
     */
    RuntimeLifecycle(JobNames names, Duration shutdownTimeout, Logger log) {
        this.names = names;
        this.shutdownTimeout = shutdownTimeout;
        this.log = log;
    }

    /**
     * Runs {@code pollLoop} on a thread of its own, {@code kappa-poll-<job>}.
     *
     * @throws IllegalStateException if started (or closed) before
     */
    void start(Runnable pollLoop) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("job " + names.jobId() + " was started already");
        }
        Thread thread = new Thread(pollLoop, "kappa-poll-" + names.jobId());
        pollThread = thread;
        thread.start();
    }

    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The poll loop came round: what a liveness probe reads from {@link #lastLoopNanos}. */
    void loopCameRound() {
        lastLoopNanos = System.nanoTime();
    }

    long lastLoopNanos() {
        return lastLoopNanos;
    }

    boolean running() {
        return started.get() && !stopRequested && terminated.getCount() > 0;
    }

    /** Whether the poll loop is to end: closed, drained or failed. */
    boolean stopRequested() {
        return stopRequested;
    }

    /**
     * Stops the runtime for {@code error}. Only the first error is kept and logged: it is the one
     * that stopped the runtime.
     */
    void fail(Throwable error) {
        if (fatal.compareAndSet(null, error)) {
            log.error("Job {}: stopping the runtime", names.jobId(), error);
        }
        stopRequested = true;
    }

    Optional<Throwable> failure() {
        return Optional.ofNullable(fatal.get());
    }

    /** Job mode found ingress drained: the loop stops, and shutdown counts the outputs. */
    void ingressDrained() {
        manifestWanted = true;
        stopRequested = true;
    }

    /**
     * At shutdown, once the last outputs are committed: if job mode found ingress drained and
     * nothing failed, counts what read_committed readers see in egress and the DLQ, as the egress
     * manifest. A failed runtime has none: its counts would not be the job's.
     *
     * @param clientProperties what every Kafka client of the runtime connects with
     */
    void countOutputsIfDrained(Admin admin, Map<String, ?> clientProperties) {
        if (!manifestWanted || fatal.get() != null) {
            return;
        }
        CommittedRecordCounter counter =
                new CommittedRecordCounter(admin, clientProperties, RuntimeClients.ADMIN_TIMEOUT);
        manifest =
                new EgressManifest(
                        names.jobId(),
                        Instant.now(),
                        EgressManifest.TopicEnd.of(
                                names.egressTopic(), counter.count(names.egressTopic())),
                        EgressManifest.TopicEnd.of(
                                names.dlqTopic(), counter.count(names.dlqTopic())));
    }

    boolean drained() {
        return manifest != null;
    }

    /**
     * @throws IllegalStateException if the job has not drained (yet)
     */
    EgressManifest egressManifest() {
        EgressManifest current = manifest;
        if (current == null) {
            throw new IllegalStateException(
                    "job "
                            + names.jobId()
                            + " has not drained: the egress manifest exists once job mode has"
                            + " consumed all of "
                            + names.ingressTopic());
        }
        return current;
    }

    /**
     * The runtime's resources are closed: {@link #awaitTermination} returns. The poll thread calls
     * it last, so that its work happens-before whatever a waiting thread does next.
     */
    void terminated() {
        terminated.countDown();
    }

    /**
     * Asks the poll loop to stop and waits for it to terminate, within the shutdown timeout and a
     * minute; a runtime never started has no poll thread to close its resources, so {@code
     * closeResources} runs here, and it can no longer be started.
     */
    void close(Runnable closeResources) {
        stopRequested = true;
        if (started.compareAndSet(false, true)) {
            closeResources.run();
            terminated.countDown();
            return;
        }
        Thread thread = pollThread;
        // On the poll thread itself, waiting for it would only run out the timeout.
        if (thread != null && thread != Thread.currentThread()) {
            try {
                if (!terminated.await(
                        shutdownTimeout.plusMinutes(1).toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Job {}: the poll thread did not stop in time", names.jobId());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The job's output schema ({@code service.output}, else the handler's own), handed to a handler
     * that builds its outputs from it before the first record.
     */
    static Schema outputSchema(
            JobNames names, JobSpec spec, LoadedHandler handler, SchemaRegistryClient registry) {
        Schema schema =
                OutputSchemas.resolve(
                        names, spec.service().output(), handler.outputSchema(), registry);
        handler.useOutputSchema(schema);
        return schema;
    }
}
