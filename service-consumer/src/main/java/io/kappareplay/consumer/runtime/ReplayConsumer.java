package io.kappareplay.consumer.runtime;

import io.kappareplay.consumer.config.ConsumerConfig;
import io.kappareplay.consumer.config.RunMode;
import io.kappareplay.consumer.dispatch.InFlightLimit;
import io.kappareplay.consumer.dispatch.OrderingScheduler;
import io.kappareplay.consumer.dispatch.RecordRateLimiter;
import io.kappareplay.consumer.egress.EgressRecords;
import io.kappareplay.consumer.egress.ErrorStage;
import io.kappareplay.consumer.egress.OutputEncoder;
import io.kappareplay.consumer.handler.HandlerForm;
import io.kappareplay.consumer.handler.LoadedHandler;
import io.kappareplay.consumer.metrics.ConsumerMeters;
import io.kappareplay.consumer.metrics.RecordOutcome;
import io.kappareplay.consumer.offsets.CommittableOffsets;
import io.kappareplay.consumer.offsets.OffsetsByPartition;
import io.kappareplay.consumer.offsets.Revocation;
import io.kappareplay.consumer.retry.FailureKind;
import io.kappareplay.consumer.retry.RetryDecision;
import io.kappareplay.consumer.retry.RetryPolicy;
import io.kappareplay.consumer.retry.RetryScheduler;
import io.kappareplay.schemas.kafka.DrainCheck;
import io.kappareplay.schemas.kafka.DrainStatus;
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
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer-group runtime of one instance: consumes a job's ingress in its group, runs every
 * record through the handler, writes the outputs (or a dead letter) and commits only the contiguous
 * prefix of finished records. The threads follow decision 0006: one poll thread owns the consumer
 * and all bookkeeping; blocking handlers run on a bounded worker pool, asynchronous ones are called
 * from the poll thread; finished records reach the poll thread through a completion queue. This
 * class owns those threads and the poll loop; {@link HandlerInvoker} runs one attempt of a record,
 * its {@link OutputSink} writes the result, and {@link RuntimeClients} configures the Kafka clients
 * and creates egress and DLQ.
 *
 * <p>At-least-once (the default): {@link EgressSender} writes each result at once and the record is
 * finished when the sends are acknowledged; offsets are committed asynchronously. Exactly-once
 * (decision 0008): {@link HeldOutputs} holds each result, and {@link TransactionalCommitter} writes
 * the held results of exactly the committable prefix together with its offsets, one transaction per
 * commit interval, on its own thread.
 *
 * <pre>{@code
 * handler.open(new HandlerConfig(spec.jobId(), snapshotInstant, spec.service().properties()));
 * try (ReplayConsumer consumer = new ReplayConsumer(spec, config, handler,
 *         config.kafkaClientProperties(spec.kafka()), registry, meterRegistry)) {
 *     consumer.start();
 *     consumer.awaitTermination(Duration.ofDays(1));      // job mode: ends once drained
 *     consumer.egressManifest().writeTo(path);
 * }
 * }</pre>
 *
 * <p>{@link #close()} (the SIGTERM path) stops fetching, drains the records in flight within {@code
 * shutdown-timeout}, commits and closes the clients and the handler.
 */
public final class ReplayConsumer implements ReplayRuntime {
    private static final Logger log = LoggerFactory.getLogger(ReplayConsumer.class);

    /** How often job mode asks whether the group has drained ingress. */
    static final Duration DRAIN_CHECK_INTERVAL = Duration.ofSeconds(2);

    private static final Duration BUSY_POLL = Duration.ofMillis(5);

    /**
     * How often, when a poll returned nothing, the loop reads every assigned partition's position
     * and lag: the position also moves past transaction markers without records, which the drain
     * check and the end offsets need, but the loop comes round for every completion, and reading
     * all partitions each time was a large share of its CPU at thousands of records a second.
     */
    private static final Duration POSITIONS_INTERVAL = Duration.ofMillis(20);

    private static final int MAX_WORKERS = 1_000;

    /**
     * Exactly-once mode pauses fetching when this many records per in-flight permit are held
     * (besides their bytes reaching {@code max-in-flight-bytes}): enough for the records finished
     * during a commit interval and a slow transaction, so that commits do not stall the handlers.
     */
    private static final int HELD_PER_IN_FLIGHT = 64;

    private final JobSpec spec;
    private final ConsumerConfig config;
    private final JobNames names;
    private final LoadedHandler handler;
    private final Map<String, String> clientProperties;
    private final ConsumerMeters meters;
    private final StallReporter stalls;
    private final RetryPolicy retryPolicy;

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaClientMetrics consumerMetrics;
    private final KafkaClientMetrics producerMetrics;
    private final boolean exactlyOnce;
    private final OutputSink sink;
    private final HandlerInvoker invoker;
    // Exactly-once mode only (null otherwise): the commit step and the outputs it writes.
    private final TransactionalCommitter transactions;
    private final HeldOutputs heldOutputs;

    // Poll thread only.
    private final OffsetsByPartition offsets = new OffsetsByPartition();
    private final OrderingScheduler<Work> scheduler;
    // Polled, not admitted yet: up to max-in-flight of them before fetching pauses, so that the
    // handlers never wait on a fetch round trip to a busy broker (a transaction's markers).
    private final ArrayDeque<Work> heldBack = new ArrayDeque<>();
    private final RecordRateLimiter rate;
    private final IngressEnd ingressEnd;
    // Partitions fetched up to their ingress end: kept paused, whatever the backpressure.
    private final Set<TopicPartition> atEnd = new HashSet<>();
    private boolean paused;
    private long lastCommitNanos = System.nanoTime();
    private long lastDrainCheckNanos = System.nanoTime();
    private long lastPositionsNanos;
    // Exactly-once mode: finished records whose outputs wait for the transaction of their offset.
    private final HeldByPartition held = new HeldByPartition();
    private final int heldLimit;

    // Shared with worker, callback and timer threads.
    private final InFlightLimit limit;
    private final RetryScheduler<Work> retries = new RetryScheduler<>();
    private final LinkedBlockingQueue<Work> completions = new LinkedBlockingQueue<>();
    private final Set<Work> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();
    private final AtomicInteger pausedPartitions = new AtomicInteger();
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;

    private final RuntimeLifecycle lifecycle;
    private volatile boolean stopping;

    /**
     * Creates the clients, the egress and DLQ topics (as many partitions as ingress) and registers
     * the output schema. The handler must be open; it is closed with this runtime.
     *
     * @param clientProperties what every Kafka client connects with, usually {@code
     *     config.kafkaClientProperties(spec.kafka())}
     * @throws io.kappareplay.consumer.egress.OutputSchemaException if the job has no usable output
     *     schema or the registry refuses it: a problem of the spec or the handler
     * @throws io.kappareplay.consumer.config.ConsumerConfigException if the ingress end offsets do
     *     not fit the ingress topic
     */
    public ReplayConsumer(
            JobSpec spec,
            ConsumerConfig config,
            LoadedHandler handler,
            Map<String, String> clientProperties,
            SchemaRegistryClient registry,
            MeterRegistry meterRegistry) {
        this.lifecycle = new RuntimeLifecycle(spec.names(), config.shutdownTimeout(), log);
        this.spec = spec;
        this.exactlyOnce = spec.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE;
        // Held outputs wait for a commit: an interval plus a transaction, or longer behind an
        // unfinished record. Bounded by this many records, and by max-in-flight-bytes of their
        // outputs, above which fetching pauses (decision 0008).
        this.heldLimit = HELD_PER_IN_FLIGHT * config.maxInFlight();
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
        this.scheduler =
                new OrderingScheduler<>(config.ordering(), w -> w.partition, Work::orderingKey);
        this.rate = new RecordRateLimiter(config.maxRecordsPerSecond(), System::nanoTime);
        this.ingressEnd = new IngressEnd(config.ingressEndOffsets());
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
            clients.checkEndOffsets(clients.provisionTopics(admin));
            newProducer =
                    new KafkaProducer<>(
                            clients.producerProperties(exactlyOnce),
                            new ByteArraySerializer(),
                            new ByteArraySerializer());
            this.producer = newProducer;
            this.transactions =
                    exactlyOnce ? new TransactionalCommitter(spec.jobId(), producer) : null;
            this.consumer =
                    new KafkaConsumer<>(
                            clients.consumerProperties(),
                            new ByteArrayDeserializer(),
                            new ByteArrayDeserializer());
            // Kafka's own client metrics (fetch/produce rates, request latency, records lag) beside
            // ours; they read the clients' metric registries, which are safe from any thread.
            this.consumerMetrics = new KafkaClientMetrics(consumer);
            consumerMetrics.bindTo(meterRegistry);
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
        ResultRecords results = new ResultRecords(encoder, egress);
        this.heldOutputs = exactlyOnce ? new HeldOutputs(results, completions::add) : null;
        this.sink =
                exactlyOnce
                        ? heldOutputs
                        : new EgressSender(
                                spec.jobId(),
                                names,
                                producer,
                                results,
                                timer,
                                completions::add,
                                lifecycle::fail);
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
                limit::inFlightRecords,
                limit::inFlightBytes,
                limit::recordLimit,
                pausedPartitions::get);
    }

    /**
     * The longest the poll loop may be held without coming round: a revocation waits up to {@code
     * shutdown-timeout} for records in flight, and job mode's drain check makes a synchronous
     * commit and admin calls, each bounded by the admin timeout. A liveness probe must allow it.
     */
    public static Duration longestLoopPause(ConsumerConfig config) {
        Duration drainCheck = RuntimeClients.ADMIN_TIMEOUT.multipliedBy(2);
        return config.shutdownTimeout().compareTo(drainCheck) > 0
                ? config.shutdownTimeout()
                : drainCheck;
    }

    /** Starts the poll thread. */
    @Override
    public void start() {
        lifecycle.start(this::run);
    }

    /**
     * Waits until the runtime has stopped: drained in job mode, closed, or failed.
     *
     * @return true if it stopped within the timeout
     */
    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return lifecycle.awaitTermination(timeout);
    }

    /**
     * The {@link System#nanoTime()} at which the poll loop last came round (the construction time
     * until it starts): a liveness probe tells a wedged loop by it.
     */
    @Override
    public long lastLoopNanos() {
        return lifecycle.lastLoopNanos();
    }

    /** Started and not asked to stop, drained or failed (yet): what a readiness probe asks. */
    @Override
    public boolean running() {
        return lifecycle.running();
    }

    /** Whether the runtime stopped because job mode found ingress drained. */
    @Override
    public boolean drained() {
        return lifecycle.drained();
    }

    /** The error that stopped the runtime (a fatal handler error, a failed dead letter), if any. */
    @Override
    public Optional<Throwable> failure() {
        return lifecycle.failure();
    }

    /**
     * The end offsets and committed record counts of egress and DLQ at the moment job mode found
     * the job drained, in the {@code egress.json} format.
     *
     * @throws IllegalStateException if the job has not drained (yet)
     */
    @Override
    public EgressManifest egressManifest() {
        return lifecycle.egressManifest();
    }

    /**
     * Stops fetching, lets the records in flight finish within {@code shutdown-timeout}, commits
     * what finished and closes the clients and the handler.
     */
    @Override
    public void close() {
        lifecycle.close(this::closeResources);
    }

    // ---- poll thread ----

    private void run() {
        try {
            consumer.subscribe(List.of(names.ingressTopic()), new Rebalance());
            while (!lifecycle.stopRequested()) {
                lifecycle.loopCameRound();
                drainCompletions();
                if (exactlyOnce) {
                    transactions.takeOutcome().ifPresent(this::transactionEnded);
                }
                for (Work due : retries.drainDue()) {
                    start(due);
                }
                admitHeldBack();
                commitIfDue();
                stalls.check(inFlight, System.nanoTime());
                updatePause();
                pollOnce();
                if (config.mode() == RunMode.JOB) {
                    checkDrained();
                }
            }
        } catch (Throwable e) {
            lifecycle.fail(e);
        } finally {
            shutdown();
        }
    }

    private void pollOnce() throws InterruptedException {
        boolean busy = !inFlight.isEmpty() || !heldBack.isEmpty() || retries.size() > 0;
        Duration timeout = busy ? min(BUSY_POLL, config.pollTimeout()) : config.pollTimeout();
        Optional<Duration> nextRetry = retries.untilNextDue();
        if (nextRetry.isPresent()) {
            timeout = min(timeout, nextRetry.get());
        }
        if (paused) {
            // Nothing can be fetched: wait for the completions that bring relief instead.
            Work finished = completions.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (finished != null) {
                finish(finished);
            }
            timeout = Duration.ZERO;
        }
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(timeout);
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (!ingressEnd.beyond(partition, record.offset())) {
                heldBack.add(
                        new Work(record, offsets.partition(partition).handOut(record.offset())));
            }
        }
        long now = System.nanoTime();
        if (!polled.isEmpty() || now - lastPositionsNanos >= POSITIONS_INTERVAL.toNanos()) {
            lastPositionsNanos = now;
            readPositions();
        }
        admitHeldBack();
    }

    /**
     * Each assigned partition's position (past transaction markers too) and lag: pauses the
     * partitions that reached their end offset and lets the offsets know how far fetching got.
     */
    private void readPositions() {
        for (TopicPartition partition : consumer.assignment()) {
            try {
                long position = consumer.position(partition, Duration.ZERO);
                if (ingressEnd.reached(partition, position) && atEnd.add(partition)) {
                    consumer.pause(List.of(partition));
                }
                offsets.partition(partition).advancePosition(ingressEnd.cap(partition, position));
                consumer.currentLag(partition).ifPresent(value -> lag.put(partition, value));
            } catch (TimeoutException notKnownYet) {
                // Its committed offset is still being fetched: the next poll reports it.
            }
        }
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
            if (scheduler.submit(work)) {
                start(work);
            }
        }
    }

    private void updatePause() {
        boolean shouldPause =
                limit.shouldPause()
                        || heldBack.size() >= config.maxInFlight()
                        || held.size() >= heldLimit
                        || held.bytes() >= config.maxInFlightBytes();
        Set<TopicPartition> assignment = consumer.assignment();
        if (shouldPause) {
            if (!paused) {
                meters.pauseStarted();
            }
            consumer.pause(assignment);
            paused = true;
            pausedPartitions.set(assignment.size());
        } else if (paused) {
            Set<TopicPartition> resumed = new HashSet<>(consumer.paused());
            resumed.removeAll(atEnd);
            consumer.resume(resumed);
            paused = false;
            pausedPartitions.set(0);
        }
    }

    private void drainCompletions() {
        Work finished;
        while ((finished = completions.poll()) != null) {
            finish(finished);
        }
    }

    private void finish(Work work) {
        inFlight.remove(work);
        boolean counted = work.pending.complete();
        work.permit.release();
        if (exactlyOnce) {
            // Held while its offset may be committed, during a revocation's wait too; once its
            // partition is gone here, its outputs are never written: the next owner runs it.
            if (counted) {
                held.add(work);
            }
        } else if (work.outcome != null) {
            meters.recordFinished(work.outcome);
        }
        scheduler.complete(work).ifPresent(this::start);
    }

    private void commitIfDue() {
        long now = System.nanoTime();
        if (now - lastCommitNanos < config.commitInterval().toNanos()) {
            return;
        }
        if (exactlyOnce && transactions.busy()) {
            return; // Processing goes on; the next transaction starts once this one has ended.
        }
        lastCommitNanos = now;
        CommittableOffsets step = offsets.takeCommittable();
        if (step.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> toCommit = step.offsets();
        if (exactlyOnce) {
            transactions.start(transaction(toCommit));
            return;
        }
        long startNanos = System.nanoTime();
        consumer.commitAsync(
                toCommit,
                (committed, error) -> {
                    meters.commitLatency()
                            .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
                    if (error instanceof RebalanceInProgressException) {
                        // Every commit fails while a cooperative rebalance completes; the offsets
                        // are offered again, and the revocation commits synchronously anyway.
                        log.debug("Job {}: commit during a rebalance, offered again", spec.jobId());
                        offsets.commitFailed(toCommit);
                    } else if (error != null) {
                        log.warn("Job {}: commit of {} failed: {}", spec.jobId(), toCommit, error);
                        offsets.commitFailed(toCommit);
                    }
                });
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> toCommit) {
        if (exactlyOnce) {
            commitTransactionNow(toCommit);
            return;
        }
        if (toCommit.isEmpty()) {
            return;
        }
        long startNanos = System.nanoTime();
        try {
            consumer.commitSync(toCommit);
        } catch (KafkaException e) {
            log.warn("Job {}: commit of {} failed: {}", spec.jobId(), toCommit, e.toString());
            offsets.commitFailed(toCommit);
        } finally {
            meters.commitLatency().record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The held records below {@code toCommit} and those offsets, as one transaction. */
    private TransactionalCommitter.Transaction transaction(
            Map<TopicPartition, OffsetAndMetadata> toCommit) {
        return new TransactionalCommitter.Transaction(
                toCommit, held.takeBelow(toCommit), consumer.groupMetadata());
    }

    /** Ends the running transaction, then commits {@code toCommit} in one of its own. */
    private void commitTransactionNow(Map<TopicPartition, OffsetAndMetadata> toCommit) {
        transactions.awaitOutcome().ifPresent(this::transactionEnded);
        TransactionalCommitter.Transaction transaction = transaction(toCommit);
        if (transaction.isEmpty()) {
            return;
        }
        transactions.start(transaction);
        transactions.awaitOutcome().ifPresent(this::transactionEnded);
    }

    /**
     * Counts a committed transaction's records; after an abort, offers its offsets again and holds
     * its records again for the next one (a record that could not be written becomes a dead
     * letter); stops the runtime when the producer cannot go on.
     */
    private void transactionEnded(TransactionalCommitter.Outcome outcome) {
        meters.commitLatency().record(outcome.nanos(), TimeUnit.NANOSECONDS);
        TransactionalCommitter.Transaction transaction = outcome.transaction();
        if (outcome.committed() && !outcome.failedSends().isEmpty()) {
            // A producer that commits a transaction after a failed send would have lost records;
            // Kafka's does not, and this runtime stops rather than rely on it unchecked.
            lifecycle.fail(
                    new KafkaException(
                            "Job "
                                    + spec.jobId()
                                    + ": a transaction committed although sends failed: "
                                    + outcome.failedSends()));
            return;
        }
        if (outcome.committed()) {
            transaction.works().forEach(work -> meters.recordFinished(work.outcome));
            return;
        }
        KafkaException failure = outcome.failure().orElseThrow();
        if (outcome.fatal()) {
            lifecycle.fail(
                    new KafkaException(
                            "Job "
                                    + spec.jobId()
                                    + ": the transactional producer cannot go on; nothing of its"
                                    + " open transaction is visible, and a new instance carries"
                                    + " on from the committed offsets",
                            failure));
            return;
        }
        log.warn(
                "Job {}: transaction of {} records aborted, they go into the next one: {}{}",
                spec.jobId(),
                transaction.works().size(),
                failure,
                outcome.failedSends().values().stream()
                        .findFirst()
                        .map(first -> "; first failed send: " + first)
                        .orElse(""));
        offsets.commitFailed(transaction.offsets());
        for (Map.Entry<Work, TransactionalCommitter.FailedSend> failed :
                outcome.failedSends().entrySet()) {
            // Once one send failed, Kafka fails the transaction's other batches with the same
            // error: only a record that send() itself refused, for a fault no retry can fix,
            // becomes a dead letter; the others are written again as they were.
            Work work = failed.getKey();
            Exception error = failed.getValue().error();
            if (failed.getValue().refused()
                    && error instanceof RecordTooLargeException
                    && work.held.contains(failed.getValue().record())
                    && !heldOutputs.failOver(work, error)) {
                lifecycle.fail(
                        new KafkaException(
                                "Job "
                                        + spec.jobId()
                                        + ": the dead letter of record "
                                        + work
                                        + " could not be written to "
                                        + names.dlqTopic()
                                        + "; stopping without committing it",
                                error));
                return;
            }
        }
        // All of them, those of partitions being revoked too: the revocation's own transaction
        // commits their offsets, so it must write their outputs; it drops what it leaves behind.
        held.putBack(transaction.works());
    }

    private void checkDrained() {
        long now = System.nanoTime();
        if (now - lastDrainCheckNanos < DRAIN_CHECK_INTERVAL.toNanos()
                || !inFlight.isEmpty()
                || !heldBack.isEmpty()
                || retries.size() > 0
                || offsets.pendingCount() > 0) {
            return;
        }
        // The check is about the group, not this instance: one with no partitions (more instances
        // than partitions, or all moved elsewhere) asks too, and stops once the others are done.
        lastDrainCheckNanos = now;
        commitSync(offsets.takeCommittable().offsets());
        DrainStatus status =
                new DrainCheck(admin, clientProperties, RuntimeClients.ADMIN_TIMEOUT)
                        .check(
                                names.consumerGroup(),
                                names.ingressTopic(),
                                config.ingressEndOffsets());
        if (status.drained()) {
            log.info("Job {}: {} drained, stopping", spec.jobId(), names.ingressTopic());
            lifecycle.ingressDrained();
        }
    }

    /** Gives up everything not running yet in {@code partitions}, then waits for the rest. */
    private void revokeAndCommit(Collection<TopicPartition> partitions, boolean commit) {
        Set<TopicPartition> gone = Set.copyOf(partitions);
        Revocation revocation = offsets.revoke(gone);
        if (revocation.partitions().isEmpty()) {
            return;
        }
        for (Work work : inFlight) {
            if (gone.contains(work.partition)) {
                work.revoked = true;
            }
        }
        for (Work waiting : scheduler.dropPartitions(gone)) {
            giveUp(waiting);
        }
        for (Iterator<Work> it = heldBack.iterator(); it.hasNext(); ) {
            Work work = it.next();
            if (gone.contains(work.partition)) {
                work.pending.abandon();
                it.remove();
            }
        }
        for (Work retry : retries.remove(w -> gone.contains(w.partition))) {
            giveUp(retry);
        }
        if (commit) {
            long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
            while (!revocation.awaitedOffsets().isEmpty() && System.nanoTime() < deadline) {
                try {
                    Work finished = completions.poll(10, TimeUnit.MILLISECONDS);
                    if (finished != null) {
                        finish(finished);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                for (Work retry : retries.remove(w -> gone.contains(w.partition))) {
                    giveUp(retry);
                }
            }
            Map<TopicPartition, List<Long>> awaited = revocation.awaitedOffsets();
            if (!awaited.isEmpty()) {
                log.warn(
                        "Job {}: abandoning unfinished records {} after {}; the next owner replays"
                                + " them",
                        spec.jobId(),
                        awaited,
                        config.shutdownTimeout());
            }
            commitSync(revocation.finish().offsets());
        } else {
            revocation.finish();
        }
        if (exactlyOnce) {
            if (!commit) {
                // Lost, not revoked: a transaction still running fails its fencing check.
                transactions.awaitOutcome().ifPresent(this::transactionEnded);
            }
            // Finished beyond what was committed: the next owner runs them again.
            held.remove(gone).forEach(work -> meters.recordFinished(RecordOutcome.ABANDONED));
        }
        for (TopicPartition partition : gone) {
            meters.unbindLag(partition);
            lag.remove(partition);
            atEnd.remove(partition);
        }
    }

    /** A record that will not run here any more: replayed by the partition's next owner. */
    private void giveUp(Work work) {
        work.pending.abandon();
        work.permit.release();
        inFlight.remove(work);
        meters.recordFinished(RecordOutcome.ABANDONED);
    }

    private void shutdown() {
        stopping = true;
        try {
            for (Work work : heldBack) {
                work.pending.abandon();
            }
            heldBack.clear();
            revokeAndCommit(offsets.assigned(), true);
            lifecycle.countOutputsIfDrained(admin, clientProperties);
        } catch (Throwable e) {
            lifecycle.fail(e);
        } finally {
            closeResources();
            lifecycle.terminated();
        }
    }

    private void closeResources() {
        stopping = true;
        closeQuietly("consumer metrics", consumerMetrics);
        closeQuietly("producer metrics", producerMetrics);
        closeQuietly("consumer", () -> consumer.close(Duration.ofSeconds(30)));
        if (workers != null) {
            workers.shutdownNow();
        }
        timer.shutdownNow();
        if (transactions != null) {
            closeQuietly("commit thread", transactions);
        }
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

    // ---- dispatch (poll thread) ----

    private void start(Work work) {
        if (work.revoked || stopping) {
            giveUp(work);
            return;
        }
        invoker.start(work);
    }

    // ---- failed attempts (whichever thread ends the attempt, see HandlerInvoker) ----

    /**
     * Retries the record later, dead-letters it, or stops the runtime, as the retry policy decides.
     * Called by whichever thread ended the attempt, so it only touches thread-safe state.
     *
     * @param stage where the attempt failed, for the dead letter's {@code kappa.error.stage}: a
     *     registry outage while decoding is retried like a handler failure, but the handler never
     *     ran, so its dead letter says {@code deserialize}
     */
    private void attemptFailed(Work work, ErrorStage stage, Throwable failure) {
        RetryDecision decision = retryPolicy.decide(work.attempt, failure);
        if (decision instanceof RetryDecision.Retry retry) {
            meters.retryScheduled();
            work.attempt = retry.nextAttempt();
            if (work.revoked || stopping) {
                // Nobody waits for it here any more: the next owner replays it.
                work.pending.abandon();
                work.permit.release();
                inFlight.remove(work);
                return;
            }
            retries.schedule(work, retry.delay());
        } else if (decision instanceof RetryDecision.GiveUp) {
            sink.deadLetter(work, stage, FailureKind.unwrap(failure));
        } else if (decision instanceof RetryDecision.Stop stop) {
            log.error(
                    "Job {}: handler {} failed with an error on record {}; stopping without"
                            + " committing it",
                    spec.jobId(),
                    handler,
                    work,
                    stop.error());
            lifecycle.fail(stop.error());
        }
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

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Closing the consumer revokes again what shutdown has already given up: not news.
            if (!Collections.disjoint(partitions, offsets.assigned())) {
                log.info("Job {}: partitions revoked: {}", spec.jobId(), partitions);
                revokeAndCommit(partitions, true);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.warn("Job {}: partitions lost: {}", spec.jobId(), partitions);
                revokeAndCommit(partitions, false);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            log.info("Job {}: partitions assigned: {}", spec.jobId(), partitions);
            offsets.assign(partitions);
            for (TopicPartition partition : partitions) {
                meters.bindLag(partition, () -> lag.getOrDefault(partition, 0L));
            }
            if (paused) {
                consumer.pause(partitions);
            }
        }
    }
}
