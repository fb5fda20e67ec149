package io.kappareplay.consumer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * Every meter of the consumer runtime, named {@code kappa.consumer.*} (Prometheus exposes {@code
 * kappa.consumer.records} as {@code kappa_consumer_records_total}). Tags stay low-cardinality:
 * outcome, and partition for lag; never keys or offsets.
 *
 * <pre>{@code
 * ConsumerMeters meters = new ConsumerMeters(registry, "orders");
 * meters.recordFinished(RecordOutcome.EGRESS);
 * meters.handlerLatency().record(elapsed);
 * }</pre>
 */
public final class ConsumerMeters {
    public static final String RECORDS = "kappa.consumer.records";
    public static final String HANDLER_LATENCY = "kappa.consumer.handler.latency";
    public static final String RETRIES = "kappa.consumer.retries";
    public static final String COMMIT_LATENCY = "kappa.consumer.commit.latency";
    public static final String STALLED = "kappa.consumer.stalled.records";
    public static final String IN_FLIGHT_RECORDS = "kappa.consumer.in-flight.records";
    public static final String IN_FLIGHT_BYTES = "kappa.consumer.in-flight.bytes";
    public static final String IN_FLIGHT_LIMIT = "kappa.consumer.in-flight.limit";
    public static final String PAUSED_PARTITIONS = "kappa.consumer.paused.partitions";
    public static final String LAG = "kappa.consumer.lag";
    public static final String PAUSES = "kappa.consumer.pauses";

    private final MeterRegistry registry;
    private final String jobId;
    private final Map<RecordOutcome, Counter> records = new EnumMap<>(RecordOutcome.class);
    private final Timer handlerLatency;
    private final Counter retries;
    private final Counter stalled;
    private final Timer commitLatency;
    private final Counter pauses;
    private final Map<TopicPartition, Gauge> lagGauges = new ConcurrentHashMap<>();

    public ConsumerMeters(MeterRegistry registry, String jobId) {
        this.registry = registry;
        this.jobId = jobId;
        for (RecordOutcome outcome : RecordOutcome.values()) {
            records.put(
                    outcome,
                    Counter.builder(RECORDS)
                            .description("Input records finished, by how they left the runtime")
                            .tag("job", jobId)
                            .tag("outcome", outcome.tag())
                            .register(registry));
        }
        handlerLatency =
                Timer.builder(HANDLER_LATENCY)
                        .description("Time of one handler attempt, from call to its outputs")
                        .tag("job", jobId)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofMinutes(1))
                        .register(registry);
        retries =
                Counter.builder(RETRIES)
                        .description(
                                "Handler attempts that failed retriably and were scheduled again")
                        .tag("job", jobId)
                        .register(registry);
        stalled =
                Counter.builder(STALLED)
                        .description("Records reported in flight past the stall threshold")
                        .tag("job", jobId)
                        .register(registry);
        commitLatency =
                Timer.builder(COMMIT_LATENCY)
                        .description("Time of an offset commit")
                        .tag("job", jobId)
                        .register(registry);
        pauses =
                Counter.builder(PAUSES)
                        .description("Times the assigned partitions were paused for backpressure")
                        .tag("job", jobId)
                        .register(registry);
    }

    public void recordFinished(RecordOutcome outcome) {
        records.get(outcome).increment();
    }

    public Timer handlerLatency() {
        return handlerLatency;
    }

    public void retryScheduled() {
        retries.increment();
    }

    public void pauseStarted() {
        pauses.increment();
    }

    public void stallReported() {
        stalled.increment();
    }

    public Timer commitLatency() {
        return commitLatency;
    }

    /**
     * Gauges read from the runtime's own state when scraped: in-flight records and bytes, the
     * in-flight limit (it moves under issue 5's adaptive limiter) and paused partitions.
     */
    public void bindFlowState(
            LongSupplier inFlightRecords,
            LongSupplier inFlightBytes,
            LongSupplier inFlightLimit,
            LongSupplier pausedPartitions) {
        gauge(IN_FLIGHT_RECORDS, "Records dispatched and not yet finished", inFlightRecords);
        gauge(IN_FLIGHT_BYTES, "Bytes of the records in flight", inFlightBytes);
        gauge(IN_FLIGHT_LIMIT, "The current in-flight record limit", inFlightLimit);
        gauge(PAUSED_PARTITIONS, "Assigned partitions paused for backpressure", pausedPartitions);
    }

    /** A lag gauge for a newly assigned partition; {@code lag} reads the latest known value. */
    public void bindLag(TopicPartition partition, Supplier<Number> lag) {
        lagGauges.computeIfAbsent(
                partition,
                p ->
                        Gauge.builder(LAG, () -> lag.get())
                                .description(
                                        "Records of the partition beyond this consumer's fetch"
                                                + " position (Kafka's currentLag), not beyond the"
                                                + " group's committed offset")
                                .tag("job", jobId)
                                .tag("partition", Integer.toString(p.partition()))
                                .register(registry));
    }

    /** Removes a revoked partition's lag gauge, so a scrape does not show a stale value. */
    public void unbindLag(TopicPartition partition) {
        Gauge gauge = lagGauges.remove(partition);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    private void gauge(String name, String description, LongSupplier value) {
        Gauge.builder(name, value::getAsLong)
                .description(description)
                .tag("job", jobId)
                .register(registry);
    }
}
