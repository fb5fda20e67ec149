package io.kappareplay.consumer.runtime;

import io.kappareplay.consumer.config.ConfigProblem;
import io.kappareplay.consumer.config.ConsumerConfig;
import io.kappareplay.consumer.config.ConsumerConfigException;
import io.kappareplay.consumer.config.ConsumerConfigKey;
import io.kappareplay.consumer.config.RunMode;
import io.kappareplay.consumer.dispatch.InFlightLimit;
import io.kappareplay.consumer.dispatch.OrderingMode;
import io.kappareplay.consumer.dispatch.RecordRateLimiter;
import io.kappareplay.consumer.egress.EgressRecords;
import io.kappareplay.consumer.egress.ErrorStage;
import io.kappareplay.consumer.egress.OutputEncoder;
import io.kappareplay.consumer.handler.HandlerForm;
import io.kappareplay.consumer.handler.LoadedHandler;
import io.kappareplay.consumer.metrics.ConsumerMeters;
import io.kappareplay.consumer.metrics.RecordOutcome;
import io.kappareplay.consumer.retry.FailureKind;
import io.kappareplay.consumer.retry.RetryDecision;
import io.kappareplay.consumer.retry.RetryPolicy;
import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.registry.SchemaRegistryClient;
import io.kappareplay.schemas.serde.KappaAvroDeserializer;
import io.kappareplay.schemas.spec.DeliveryGuarantee;
import io.kappareplay.schemas.spec.JobSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share-group runtime of one instance ({@code group-type: share}): consumes a job's ingress in
 * the share group {@code kappa.<job>.share} (KIP-932), runs every record through the handler,
 * writes its outputs (or its dead letter) and acknowledges the record to the broker only then. The
 * instances of a share group share partitions, so a fleet scales past the partition count, and a
 * record is acknowledged on its own, so nothing like a committed offset waits for a slow record.
 * At-least-once only: share groups have no transactional acknowledgement.
 *
 * <p>Threads, as in {@link ReplayConsumer} (decision 0006): one poll thread owns the {@link
 * KafkaShareConsumer}, which is not thread-safe, and every acknowledgement; blocking handlers run
 * on a bounded worker pool, asynchronous ones are called from the poll thread ({@link
 * HandlerInvoker}); {@link EgressSender} writes outputs and dead letters, and its producer callback
 * puts a finished record on the completion queue, which the poll thread drains.
 *
 * <p>Acknowledgements. A record whose outputs are acknowledged on egress is acknowledged {@code
 * ACCEPT}; one whose dead letter is acknowledged on the DLQ (a permanent failure, a corrupt
 * payload, retries spent, an output that could not be written), {@code REJECT}: the broker archives
 * both for good, and counts the second as rejected. A retriable failure is acknowledged {@code
 * RELEASE}, after the retry backoff: the broker delivers the record again, to this instance or
 * another, and its delivery count is the next attempt's {@code ReplayContext.attempt} (and the
 * {@code kappa.attempts} header). The retry budget ({@code retry.max-attempts}) is counted against
 * that delivery count, so deliveries that ended without an acknowledgement (a killed instance, an
 * expired lock) count too. Acknowledgements go to the broker every {@code commit-interval}
 * (asynchronously), with each poll, and synchronously before a drain check and at shutdown.
 *
 * <p>Polling. In explicit acknowledgement mode a share consumer polls again only once every record
 * of its last poll is acknowledged. So the loop polls at most {@code min(max-in-flight, 1000)}
 * records ({@code max.poll.records}, acquire mode {@code record_limit}: nothing is acquired ahead),
 * runs them within the in-flight limits, and polls again when the last of them is acknowledged.
 * Each record is acquired under a lock ({@code share.record.lock.duration.ms}, 30 s by default):
 * records not finished by then have gone back to the broker, which delivers them again; the loop
 * then stops waiting for them (they count as abandoned), and a late result still lands on egress.
 *
 * <p>Job mode is drained when every share-partition of ingress is done ({@link ShareDrainCheck});
 * then the instance stops and writes the same {@link EgressManifest} as {@link ReplayConsumer}.
 * {@link #close()} (SIGTERM) stops polling, lets the records in flight finish within {@code
 * shutdown-timeout}, acknowledges them, releases the rest and closes the clients and the handler.
 */
public final class ShareGroupReplayConsumer implements ReplayRuntime {
    private static final Logger log = LoggerFactory.getLogger(ShareGroupReplayConsumer.class);

    private static final int MAX_WORKERS = 1_000;

    /** How often job mode asks whether the share group has drained ingress. */
    static final Duration DRAIN_CHECK_INTERVAL = ReplayConsumer.DRAIN_CHECK_INTERVAL;

    private final JobSpec spec;
    private final ConsumerConfig config;
    private final JobNames names;
    private final LoadedHandler handler;
    private final Map<String, String> clientProperties;
    private final ConsumerMeters meters;
    private final StallReporter stalls;
    private final RetryPolicy retryPolicy;

    private final Admin admin;
    private final KafkaShareConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaClientMetrics producerMetrics;
    private final int ingressPartitions;
    private final ShareGroupSettings.Applied settings;
    private final OutputSink sink;
    private final HandlerInvoker invoker;

    // Poll thread only.
    private final AcquiredBatch batch = new AcquiredBatch();
    private final ArrayDeque<Work> heldBack = new ArrayDeque<>();
    private final RecordRateLimiter rate;
    private long lastCommitNanos = System.nanoTime();
    private long lastDrainCheckNanos = System.nanoTime();
    private long asyncCommitStartNanos;
    private int unsentAcknowledgements;

    // Shared with worker, callback and timer threads.
    private final InFlightLimit limit;
    private final LinkedBlockingQueue<Settled> completions = new LinkedBlockingQueue<>();
    private final Set<Work> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;
    private volatile long lockDeadlineNanos = System.nanoTime();

    private final RuntimeLifecycle lifecycle;
    private volatile boolean stopping;
    private volatile boolean closed;

    /** A record's attempt is over, and this is how the broker is to hear of it. */
    private record Settled(Work work, AcknowledgeType type) {}

    /**
     * Creates the clients, the egress and DLQ topics (as many partitions as ingress), sets the
     * share group's configs ({@link ShareGroupSettings}) and registers the output schema. The
     * handler must be open; it is closed with this runtime.
     *
     * @throws io.kappareplay.consumer.egress.OutputSchemaException if the job has no usable output
     *     schema or the registry refuses it
     * @throws ConsumerConfigException if a setting does not fit share groups: {@code ordering}
     *     other than {@code unordered}, {@code ingress-end-offsets}, {@code instance-id}, or more
     *     {@code retry.max-attempts} than the cluster allows deliveries
     */
    public ShareGroupReplayConsumer(
            JobSpec spec,
            ConsumerConfig config,
            LoadedHandler handler,
            Map<String, String> clientProperties,
            SchemaRegistryClient registry,
            MeterRegistry meterRegistry) {
        if (spec.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            // The spec refuses this already; a spec cannot be built otherwise.
            throw new IllegalArgumentException(
                    "job " + spec.jobId() + ": share groups are at-least-once only");
        }
        checkSettingsFitShareGroups(config);
        this.lifecycle = new RuntimeLifecycle(spec.names(), config.shutdownTimeout(), log);
        this.spec = spec;
        this.config = config;
        this.names = spec.names();
        this.handler = handler;
        this.clientProperties = Map.copyOf(clientProperties);
        this.meters = new ConsumerMeters(meterRegistry, spec.jobId());
        this.stalls = new StallReporter(spec.jobId(), config.stallThreshold(), meters, log);
        this.retryPolicy = RetryPolicy.from(config);
        EgressRecords egress = new EgressRecords(names);
        KappaAvroDeserializer decoder = new KappaAvroDeserializer(registry);
        OutputEncoder encoder =
                new OutputEncoder(
                        names,
                        RuntimeLifecycle.outputSchema(names, spec, handler, registry),
                        registry);
        this.rate = new RecordRateLimiter(config.maxRecordsPerSecond(), System::nanoTime);
        this.limit =
                InFlightLimit.builder()
                        .records(config.maxInFlight())
                        .bytes(config.maxInFlightBytes())
                        .lowWater(config.lowWaterRatio())
                        .build();
        RuntimeClients clients =
                new RuntimeClients(spec.jobId(), names, config, this.clientProperties);
        this.admin = Admin.create(clients.adminProperties());
        boolean ready = false;
        KafkaProducer<byte[], byte[]> newProducer = null;
        try {
            this.ingressPartitions = clients.provisionTopics(admin);
            this.settings =
                    ShareGroupSettings.apply(
                            admin,
                            names.shareGroup(),
                            config.retryMaxAttempts(),
                            RuntimeClients.ADMIN_TIMEOUT);
            newProducer =
                    new KafkaProducer<>(
                            clients.producerProperties(false),
                            new ByteArraySerializer(),
                            new ByteArraySerializer());
            this.producer = newProducer;
            this.consumer =
                    new KafkaShareConsumer<>(
                            clients.shareConsumerProperties(),
                            new ByteArrayDeserializer(),
                            new ByteArrayDeserializer());
            // Micrometer has no binder for a share consumer; the producer's metrics are bound.
            this.producerMetrics = new KafkaClientMetrics(producer);
            producerMetrics.bindTo(meterRegistry);
            ready = true;
        } finally {
            if (!ready) {
                if (newProducer != null) {
                    newProducer.close(Duration.ofSeconds(5));
                }
                admin.close(Duration.ofSeconds(5));
            }
        }
        warnAboutSettings();
        int workerCount = Math.min(config.maxInFlight(), MAX_WORKERS);
        this.workers =
                handler.form() == HandlerForm.BLOCKING
                        ? new ThreadPoolExecutor(
                                workerCount,
                                workerCount,
                                1,
                                TimeUnit.MINUTES,
                                new LinkedBlockingQueue<>(),
                                daemon("kappa-worker-" + spec.jobId()))
                        : null;
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("kappa-timer-" + spec.jobId()));
        timer.setRemoveOnCancelPolicy(true);
        this.sink =
                new EgressSender(
                        spec.jobId(),
                        names,
                        producer,
                        new ResultRecords(encoder, egress),
                        timer,
                        work ->
                                completions.add(
                                        new Settled(
                                                work,
                                                work.outcome == RecordOutcome.DLQ
                                                        ? AcknowledgeType.REJECT
                                                        : AcknowledgeType.ACCEPT)),
                        this::fail);
        this.invoker =
                new HandlerInvoker(
                        spec,
                        config,
                        handler,
                        decoder,
                        meters,
                        workers,
                        timer,
                        sink,
                        this::attemptFailed,
                        HandlerInvoker.adaptiveConcurrency(config, limit));
        meters.bindFlowState(
                limit::inFlightRecords, limit::inFlightBytes, limit::recordLimit, () -> 0);
    }

    /**
     * Settings that mean nothing in a share group, refused rather than ignored: records of one
     * partition go to many instances, so no order can be kept; a share group cannot stop at an
     * offset; it has no static membership.
     */
    private static void checkSettingsFitShareGroups(ConsumerConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (config.ordering() != OrderingMode.UNORDERED) {
            problems.add(
                    new ConfigProblem(
                            ConsumerConfigKey.ORDERING.key(),
                            Optional.empty(),
                            Optional.of(
                                    config.ordering().name().toLowerCase(java.util.Locale.ROOT)),
                            "cannot be kept in share-group mode (group-type: share), where the"
                                    + " records of a partition go to many instances",
                            "use unordered, or group-type consumer in the job spec"));
        }
        if (!config.ingressEndOffsets().isEmpty()) {
            problems.add(
                    new ConfigProblem(
                            ConsumerConfigKey.INGRESS_END_OFFSETS.key(),
                            Optional.empty(),
                            Optional.empty(),
                            "cannot be kept in share-group mode (group-type: share): a share group"
                                    + " delivers everything published and cannot stop at an"
                                    + " offset",
                            "leave it out and let the publisher finish first, or use group-type"
                                    + " consumer in the job spec"));
        }
        if (config.instanceId().isPresent()) {
            problems.add(
                    new ConfigProblem(
                            ConsumerConfigKey.INSTANCE_ID.key(),
                            Optional.empty(),
                            Optional.of(config.instanceId().get()),
                            "has no use in share-group mode (group-type: share): share groups"
                                    + " have no static membership, and a restarted instance needs"
                                    + " no partitions back",
                            "leave it out, or use group-type consumer in the job spec"));
        }
        if (!problems.isEmpty()) {
            throw new ConsumerConfigException(problems);
        }
    }

    private void warnAboutSettings() {
        if (config.handlerTimeout().compareTo(settings.lockDuration()) >= 0) {
            log.warn(
                    "Job {}: handler-timeout {} is not below the share group's acquisition lock"
                            + " {}: a record still running when its lock runs out is delivered"
                            + " again, perhaps to another instance, and both results land on"
                            + " egress. Lower --handler-timeout, or raise the group's {}",
                    spec.jobId(),
                    config.handlerTimeout(),
                    settings.lockDuration(),
                    ShareGroupSettings.RECORD_LOCK_DURATION);
        }
        settings.brokerDeadLetterTopic()
                .ifPresent(
                        topic ->
                                log.warn(
                                        "Job {}: share group {} has its own dead letter topic {}"
                                                + " ({}): the broker copies every record the"
                                                + " runtime rejects there, besides {}",
                                        spec.jobId(),
                                        names.shareGroup(),
                                        topic,
                                        ShareGroupSettings.BROKER_DEAD_LETTER_TOPIC,
                                        names.dlqTopic()));
    }

    @Override
    public void start() {
        lifecycle.start(this::run);
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return lifecycle.awaitTermination(timeout);
    }

    @Override
    public long lastLoopNanos() {
        return lifecycle.lastLoopNanos();
    }

    @Override
    public boolean running() {
        return lifecycle.running();
    }

    @Override
    public boolean drained() {
        return lifecycle.drained();
    }

    @Override
    public Optional<Throwable> failure() {
        return lifecycle.failure();
    }

    @Override
    public EgressManifest egressManifest() {
        return lifecycle.egressManifest();
    }

    @Override
    public void close() {
        lifecycle.close(this::closeResources);
    }

    // ---- poll thread ----

    private void run() {
        try {
            consumer.setAcknowledgementCommitCallback(this::acknowledgementsCommitted);
            consumer.subscribe(List.of(names.ingressTopic()));
            log.info(
                    "Job {}: reading {} in share group {} (acquisition lock {}, the broker archives"
                            + " a record after {} deliveries)",
                    spec.jobId(),
                    names.ingressTopic(),
                    names.shareGroup(),
                    settings.lockDuration(),
                    settings.deliveryCountLimit());
            while (!lifecycle.stopRequested()) {
                lifecycle.loopCameRound();
                settleCompletions();
                admitHeldBack();
                giveUpExpired();
                commitIfDue();
                stalls.check(inFlight, System.nanoTime());
                if (batch.isEmpty()) {
                    if (config.mode() == RunMode.JOB) {
                        checkDrained();
                        if (lifecycle.stopRequested()) {
                            break;
                        }
                    }
                    pollOnce();
                } else {
                    awaitCompletion();
                }
            }
        } catch (Throwable e) {
            fail(e);
        } finally {
            shutdown();
        }
    }

    /** Polls once every record of the last poll is acknowledged: the share consumer insists. */
    private void pollOnce() {
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(config.pollTimeout());
        if (polled.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        Duration lock =
                consumer.acquisitionLockTimeoutMs()
                        .map(Duration::ofMillis)
                        .orElse(settings.lockDuration());
        // The broker's lock started before the records got here: stop waiting a little earlier.
        Duration margin = min(Duration.ofSeconds(1), lock.dividedBy(10));
        List<Work> works = new ArrayList<>(polled.count());
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            works.add(Work.acquired(record));
        }
        long deadline = now + lock.minus(margin).toNanos();
        lockDeadlineNanos = deadline;
        batch.start(works, deadline);
        heldBack.addAll(works);
        admitHeldBack();
    }

    private void admitHeldBack() {
        while (!heldBack.isEmpty() && !lifecycle.stopRequested()) {
            Work work = heldBack.peek();
            Optional<InFlightLimit.Permit> permit = limit.tryAcquire(work.bytes());
            if (permit.isEmpty()) {
                return;
            }
            if (!rate.tryAcquire()) {
                permit.get().release();
                return;
            }
            heldBack.poll();
            work.permit = permit.get();
            inFlight.add(work);
            invoker.start(work);
        }
    }

    /** Waits for a finished record, but not past the lock, a rate token or the next commit. */
    private void awaitCompletion() throws InterruptedException {
        long now = System.nanoTime();
        long timeout = config.pollTimeout().toNanos();
        timeout = Math.min(timeout, batch.nanosToLockDeadline(now));
        if (!heldBack.isEmpty() && rate.isLimited()) {
            timeout = Math.min(timeout, rate.nanosUntilAvailable());
        }
        if (unsentAcknowledgements > 0) {
            timeout =
                    Math.min(
                            timeout,
                            Math.max(0, lastCommitNanos + config.commitInterval().toNanos() - now));
        }
        Settled settled = completions.poll(Math.max(timeout, 1), TimeUnit.NANOSECONDS);
        if (settled != null) {
            settle(settled);
        }
    }

    private void settleCompletions() {
        Settled settled;
        while ((settled = completions.poll()) != null) {
            settle(settled);
        }
    }

    private void settle(Settled settled) {
        Work work = settled.work();
        inFlight.remove(work);
        if (work.permit != null) {
            work.permit.release();
        }
        if (!batch.remove(work)) {
            // Given up when its lock ran out: the broker has delivered it again.
            log.debug(
                    "Job {}: record {} finished after its acquisition lock ran out",
                    spec.jobId(),
                    work);
            return;
        }
        acknowledge(work, settled.type());
        if (settled.type() == AcknowledgeType.ACCEPT) {
            meters.recordFinished(RecordOutcome.EGRESS);
        } else if (settled.type() == AcknowledgeType.REJECT) {
            meters.recordFinished(RecordOutcome.DLQ);
        }
    }

    private void acknowledge(Work work, AcknowledgeType type) {
        try {
            consumer.acknowledge(work.record, type);
            unsentAcknowledgements++;
        } catch (IllegalStateException notWaiting) {
            log.warn(
                    "Job {}: cannot acknowledge record {} {}: {}",
                    spec.jobId(),
                    work,
                    type,
                    notWaiting.getMessage());
        }
    }

    /**
     * Stops waiting for the records whose acquisition lock ran out: the broker has them back and
     * delivers them again. They are released here too (the broker ignores that once the lock is
     * gone), so that the consumer may poll again; a result that still comes lands on egress.
     */
    private void giveUpExpired() {
        List<Work> expired = batch.expired(System.nanoTime());
        if (expired.isEmpty()) {
            return;
        }
        int running = 0;
        for (Work work : expired) {
            if (!heldBack.remove(work)) {
                running++;
                work.revoked = true;
            }
            acknowledge(work, AcknowledgeType.RELEASE);
            meters.recordFinished(RecordOutcome.ABANDONED);
        }
        log.warn(
                "Job {}: {} records ({} of them still running) not finished within their"
                        + " acquisition lock; the broker delivers them again, perhaps to another"
                        + " instance, and a late result lands on egress as well",
                spec.jobId(),
                expired.size(),
                running);
    }

    private void commitIfDue() {
        long now = System.nanoTime();
        if (unsentAcknowledgements == 0
                || now - lastCommitNanos < config.commitInterval().toNanos()) {
            return;
        }
        lastCommitNanos = now;
        unsentAcknowledgements = 0;
        if (asyncCommitStartNanos == 0) {
            asyncCommitStartNanos = now;
        }
        consumer.commitAsync();
    }

    /** Sends the acknowledgements made so far and waits for the broker's answer. */
    private void commitSync() {
        lastCommitNanos = System.nanoTime();
        unsentAcknowledgements = 0;
        long start = System.nanoTime();
        try {
            Map<TopicIdPartition, Optional<KafkaException>> results =
                    consumer.commitSync(RuntimeClients.ADMIN_TIMEOUT);
            results.forEach(
                    (partition, failure) ->
                            failure.ifPresent(
                                    e ->
                                            log.warn(
                                                    "Job {}: acknowledgements on {} failed, the"
                                                            + " broker delivers those records"
                                                            + " again: {}",
                                                    spec.jobId(),
                                                    partition,
                                                    e.toString())));
        } catch (KafkaException e) {
            log.warn("Job {}: committing acknowledgements failed: {}", spec.jobId(), e.toString());
        } finally {
            meters.commitLatency().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** The share consumer's callback, on the poll thread, as acknowledgements are answered. */
    private void acknowledgementsCommitted(
            Map<TopicIdPartition, Set<Long>> offsets, Exception failure) {
        if (asyncCommitStartNanos != 0) {
            meters.commitLatency()
                    .record(System.nanoTime() - asyncCommitStartNanos, TimeUnit.NANOSECONDS);
            asyncCommitStartNanos = 0;
        }
        if (failure != null) {
            // Most often an expired lock: the record is someone else's now.
            log.warn(
                    "Job {}: acknowledgements of {} failed, the broker delivers those records"
                            + " again: {}",
                    spec.jobId(),
                    offsets,
                    failure.toString());
        }
    }

    /**
     * Asks the cluster whether the share group is done with ingress, at most every {@link
     * #DRAIN_CHECK_INTERVAL} and only with nothing of this instance in flight. The answer is about
     * the group: an instance that got nothing stops too once the others are done.
     */
    private void checkDrained() {
        long now = System.nanoTime();
        if (now - lastDrainCheckNanos < DRAIN_CHECK_INTERVAL.toNanos()
                || !inFlight.isEmpty()
                || !heldBack.isEmpty()
                || !batch.isEmpty()) {
            return;
        }
        lastDrainCheckNanos = now;
        commitSync();
        ShareDrainCheck.Status status =
                new ShareDrainCheck(admin, RuntimeClients.ADMIN_TIMEOUT)
                        .check(names.shareGroup(), names.ingressTopic(), ingressPartitions);
        if (status.drained()) {
            log.info("Job {}: {} drained, stopping", spec.jobId(), names.ingressTopic());
            lifecycle.ingressDrained();
        } else {
            log.debug("Job {}: {}", spec.jobId(), status);
        }
    }

    private void shutdown() {
        stopping = true;
        try {
            // Not started: released at once, for another instance to take.
            for (Work work : heldBack) {
                if (batch.remove(work)) {
                    acknowledge(work, AcknowledgeType.RELEASE);
                    meters.recordFinished(RecordOutcome.ABANDONED);
                }
            }
            heldBack.clear();
            long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
            while (!inFlight.isEmpty() && System.nanoTime() - deadline < 0) {
                Settled settled = completions.poll(10, TimeUnit.MILLISECONDS);
                if (settled != null) {
                    settle(settled);
                }
            }
            settleCompletions();
            releaseUnfinished();
            commitSync();
            lifecycle.countOutputsIfDrained(admin, clientProperties);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        } catch (Throwable e) {
            fail(e);
        } finally {
            closeResources();
            lifecycle.terminated();
        }
    }

    /**
     * Releases what of the last poll did not finish within the shutdown timeout (or was left by a
     * fatal error), so that the broker delivers it again at once.
     */
    private void releaseUnfinished() {
        List<Work> unfinished = batch.takeAll();
        for (Work work : unfinished) {
            acknowledge(work, AcknowledgeType.RELEASE);
            meters.recordFinished(RecordOutcome.ABANDONED);
        }
        if (!unfinished.isEmpty()) {
            log.warn(
                    "Job {}: releasing {} unfinished records after {}; the broker delivers them"
                            + " again",
                    spec.jobId(),
                    unfinished.size(),
                    config.shutdownTimeout());
        }
    }

    private void closeResources() {
        stopping = true;
        closed = true;
        closeQuietly("producer metrics", producerMetrics);
        // Releases whatever is still acquired and not acknowledged.
        closeQuietly("share consumer", () -> consumer.close(Duration.ofSeconds(30)));
        if (workers != null) {
            workers.shutdownNow();
        }
        timer.shutdownNow();
        closeQuietly("producer", () -> producer.close(Duration.ofSeconds(30)));
        closeQuietly("handler", handler::close);
        closeQuietly("admin client", () -> admin.close(Duration.ofSeconds(10)));
    }

    private void closeQuietly(String what, AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("Job {}: closing the {} failed", spec.jobId(), what, e);
        }
    }

    // ---- failed attempts (whichever thread ends the attempt, see HandlerInvoker) ----

    /**
     * Releases the record for another delivery after the backoff, dead-letters it, or stops the
     * runtime, as the retry policy decides from the broker's delivery count. Thread-safe state
     * only.
     */
    private void attemptFailed(Work work, ErrorStage stage, Throwable failure) {
        RetryDecision decision = retryPolicy.decide(work.attempt, failure);
        if (decision instanceof RetryDecision.Retry retry) {
            meters.retryScheduled();
            // The release must reach the broker while the record is still acquired here.
            long lockLeft = Math.max(0, lockDeadlineNanos - System.nanoTime());
            long delay =
                    work.revoked || stopping ? 0 : Math.min(retry.delay().toNanos(), lockLeft / 2);
            Settled release = new Settled(work, AcknowledgeType.RELEASE);
            try {
                timer.schedule(() -> completions.add(release), delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                completions.add(release);
            }
        } else if (decision instanceof RetryDecision.GiveUp) {
            sink.deadLetter(work, stage, FailureKind.unwrap(failure));
        } else if (decision instanceof RetryDecision.Stop stop) {
            log.error(
                    "Job {}: handler {} failed with an error on record {}; stopping without"
                            + " acknowledging it",
                    spec.jobId(),
                    handler,
                    work,
                    stop.error());
            // Left acquired: closing the consumer releases it for another delivery.
            inFlight.remove(work);
            work.permit.release();
            fail(stop.error());
        }
    }

    private void fail(Throwable error) {
        if (closed) {
            // A late result of a record given up: the runtime's verdict is made.
            log.warn("Job {}: after stopping: {}", spec.jobId(), error.toString());
            return;
        }
        lifecycle.fail(error);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
