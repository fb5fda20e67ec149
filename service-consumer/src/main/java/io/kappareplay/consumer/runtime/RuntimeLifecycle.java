package io.kappareplay.consumer.runtime;

import io.kappareplay.schemas.kafka.CommittedRecordCounter;
import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.naming.JobNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one runtime instance, whichever group it reads in: started once, asked to stop
 * (closed, drained, or failed with the first fatal error), terminated when its poll thread has
 * closed everything; the egress manifest once job mode drained; when the poll loop last came round.
 * Both {@link ReplayRuntime}s keep their state here and answer the interface from it.
 *
 * <p>Threading: every method may be called from any thread.
 */
final class RuntimeLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RuntimeLifecycle.class);

    private final JobNames names;
    private final Duration shutdownTimeout;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile EgressManifest manifest;
    private volatile Thread pollThread;
    private volatile long lastLoopNanos = System.nanoTime();

    RuntimeLifecycle(JobNames names, Duration shutdownTimeout) {
        this.names = names;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** Starts {@code loop} on the poll thread. */
    void start(Runnable loop) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("job " + names.jobId() + " was started already");
        }
        Thread thread = new Thread(loop, "kappa-poll-" + names.jobId());
        pollThread = thread;
        thread.start();
    }

    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The poll loop came round: what {@link #lastLoopNanos} reports. */
    void loopCameRound() {
        lastLoopNanos = System.nanoTime();
    }

    long lastLoopNanos() {
        return lastLoopNanos;
    }

    boolean running() {
        return started.get() && !stopRequested && terminated.getCount() > 0;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    void requestStop() {
        stopRequested = true;
    }

    /**
     * Stops the runtime with {@code error}.
     *
     * @return true if it is the first fatal error, the one the runtime reports
     */
    boolean fail(Throwable error) {
        stopRequested = true;
        return fatal.compareAndSet(null, error);
    }

    Optional<Throwable> failure() {
        return Optional.ofNullable(fatal.get());
    }

    /**
     * Counts the committed records of egress and DLQ now, read_committed, as the manifest of a
     * drained job.
     */
    void drainedWith(Admin admin, Map<String, ?> clientProperties) {
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

    /** The poll thread has closed everything: {@link #awaitTermination} returns. */
    void terminated() {
        terminated.countDown();
    }

    /**
     * Asks the runtime to stop and waits for its poll thread to shut down (within the shutdown
     * timeout and a minute); a runtime never started closes its resources here.
     */
    void close(Runnable closeResources) {
        stopRequested = true;
        if (started.compareAndSet(false, true)) {
            closeResources.run();
            terminated.countDown();
            return;
        }
        Thread thread = pollThread;
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
}
