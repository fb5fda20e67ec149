package io.kappareplay.consumer.runtime;

import io.kappareplay.consumer.config.ConsumerConfig;
import io.kappareplay.consumer.handler.LoadedHandler;
import io.kappareplay.schemas.manifest.EgressManifest;
import io.kappareplay.schemas.registry.SchemaRegistryClient;
import io.kappareplay.schemas.spec.GroupType;
import io.kappareplay.schemas.spec.JobSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One instance of the consumer runtime, whichever kind of group it reads ingress in: {@link
 * ReplayConsumer} (consumer group, the default) or {@link ShareGroupReplayConsumer} ({@code
 * group-type: share}). {@link #create} picks the one the job spec asks for, so that the entry point
 * and the probes need not know which runs.
 *
 * <pre>{@code
 * try (ReplayRuntime runtime = ReplayRuntime.create(spec, config, handler,
 *         config.kafkaClientProperties(spec.kafka()), registry, meterRegistry)) {
 *     runtime.start();
 *     runtime.awaitTermination(Duration.ofDays(1));      // job mode: ends once drained
 *     if (runtime.drained()) {
 *         runtime.egressManifest().writeTo(path);
 *     }
 * }
 * }</pre>
 */
public interface ReplayRuntime extends AutoCloseable {

    /**
     * The runtime of the spec's {@code group-type}: creates its clients and the egress and DLQ
     * topics, and registers the output schema. The handler must be open; it is closed with the
     * runtime.
     *
     * @throws io.kappareplay.consumer.egress.OutputSchemaException if the job has no usable output
     *     schema or the registry refuses it
     * @throws io.kappareplay.consumer.config.ConsumerConfigException if a setting does not fit the
     *     ingress topic or the group type
     */
    static ReplayRuntime create(
            JobSpec spec,
            ConsumerConfig config,
            LoadedHandler handler,
            Map<String, String> clientProperties,
            SchemaRegistryClient registry,
            MeterRegistry meterRegistry) {
        return spec.groupType() == GroupType.SHARE
                ? new ShareGroupReplayConsumer(
                        spec, config, handler, clientProperties, registry, meterRegistry)
                : new ReplayConsumer(
                        spec, config, handler, clientProperties, registry, meterRegistry);
    }

    /**
     * The longest either runtime's poll loop may be held without coming round (a revocation waiting
     * for records in flight, a drain check waiting for the cluster): a liveness probe must allow
     * it. The share-group runtime's loop never waits longer than the consumer group's.
     */
    static Duration longestLoopPause(ConsumerConfig config) {
        return ReplayConsumer.longestLoopPause(config);
    }

    /** Starts the poll thread. */
    void start();

    /**
     * Waits until the runtime has stopped: drained in job mode, closed, or failed.
     *
     * @return true if it stopped within the timeout
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /**
     * Stops fetching, lets the records in flight finish within {@code shutdown-timeout}, commits
     * (or acknowledges) what finished and closes the clients and the handler.
     */
    @Override
    void close();

    /** Started and not asked to stop, drained or failed (yet): what a readiness probe asks. */
    boolean running();

    /** Whether the runtime stopped because job mode found ingress drained. */
    boolean drained();

    /**
     * The end offsets and committed record counts of egress and DLQ at the moment job mode found
     * the job drained, in the {@code egress.json} format.
     *
     * @throws IllegalStateException if the job has not drained (yet)
     */
    EgressManifest egressManifest();

    /** The error that stopped the runtime (a fatal handler error, a failed dead letter), if any. */
    Optional<Throwable> failure();

    /**
     * The {@link System#nanoTime()} at which the poll loop last came round (the construction time
     * until it starts): a liveness probe tells a wedged loop by it.
     */
    long lastLoopNanos();
}
