package io.kappareplay.consumer.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kappareplay.consumer.config.ConsumerConfig;
import io.kappareplay.consumer.egress.EgressRecords;
import io.kappareplay.consumer.egress.ErrorStage;
import io.kappareplay.consumer.egress.OutputEncoder;
import io.kappareplay.consumer.handler.HandlerLoader;
import io.kappareplay.consumer.handler.LoadedHandler;
import io.kappareplay.consumer.metrics.ConsumerMeters;
import io.kappareplay.consumer.offsets.OffsetsByPartition;
import io.kappareplay.consumer.retry.FailureKind;
import io.kappareplay.consumer.testing.FailingRegistry;
import io.kappareplay.consumer.testing.TestJobSpecs;
import io.kappareplay.schemas.naming.JobNames;
import io.kappareplay.schemas.naming.KappaHeaders;
import io.kappareplay.schemas.registry.RegistryUnavailableException;
import io.kappareplay.schemas.registry.RequestContext;
import io.kappareplay.schemas.serde.KappaAvroDeserializer;
import io.kappareplay.schemas.serde.KappaAvroSerializer;
import io.kappareplay.schemas.spec.JobSpec;
import io.kappareplay.schemas.spec.JobSpecParser;
import io.kappareplay.service.api.ReplayContext;
import io.kappareplay.service.api.ReplayHandler;
import io.kappareplay.service.api.ReplayInput;
import io.kappareplay.service.api.ReplayOutput;
import io.kappareplay.service.api.RetriableHandlerException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where an attempt fails, as its dead letter's {@code kappa.error.stage} will say: a registry that
 * cannot be reached while the value is decoded fails the attempt before the handler runs, so
 * retriably but at the deserialize stage; a failure of the handler itself at the handle stage. Runs
 * the invoker on a fake registry, Kafka's {@code MockProducer} and a handler from the test class
 * path.
 */
class HandlerInvokerTest {
    private static final Schema INPUT =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Order", "namespace": "test.invoker",
                             "fields": [{"name": "sku", "type": "string"}]}""");

    private final String jobId = TestJobSpecs.newJobId("invoker");
    private final JobNames names = JobNames.of(jobId);
    private final TopicPartition ingress = new TopicPartition(names.ingressTopic(), 3);
    private final FailingRegistry registry = new FailingRegistry();
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final OffsetsByPartition offsets = new OffsetsByPartition();
    private final CompletableFuture<FailedAttempt> failed = new CompletableFuture<>();

    private ExecutorService workers;
    private ScheduledExecutorService timer;
    private LoadedHandler handler;
    private HandlerInvoker invoker;

    private record FailedAttempt(Work work, ErrorStage stage, Throwable failure) {}

    @BeforeEach
    void startInvoker() {
        FailingHandler.calls.set(0);
        JobSpec spec =
                new JobSpecParser()
                        .parse(
                                TestJobSpecs.yaml(
                                        jobId,
                                        FailingHandler.class,
                                        "127.0.0.1:1",
                                        "http://127.0.0.1:1"),
                                "test job spec");
        ConsumerConfig config =
                ConsumerConfig.load(
                        Map.of("kappa.consumer.job-spec", "job.yaml"), Map.of(), List.of());
        handler = HandlerLoader.load(List.of(), spec.service().handler());
        workers = Executors.newSingleThreadExecutor();
        timer = Executors.newSingleThreadScheduledExecutor();
        EgressSender sender =
                new EgressSender(
                        jobId,
                        names,
                        producer,
                        new ResultRecords(
                                new OutputEncoder(names, INPUT, registry),
                                new EgressRecords(names)),
                        timer,
                        work -> {},
                        error -> {});
        invoker =
                new HandlerInvoker(
                        spec,
                        config,
                        handler,
                        new KappaAvroDeserializer(registry),
                        new ConsumerMeters(new SimpleMeterRegistry(), jobId),
                        workers,
                        timer,
                        sender,
                        (work, stage, failure) ->
                                failed.complete(new FailedAttempt(work, stage, failure)),
                        null);
        offsets.assign(List.of(ingress));
    }

    @AfterEach
    void stop() throws Exception {
        workers.shutdownNow();
        timer.shutdownNow();
        handler.close();
    }

    @Test
    void aRegistryOutageWhileDecodingFailsTheAttemptRetriablyAtTheDeserializeStage() {
        Work work = work(7, encodedOrder("A-7"));
        RegistryUnavailableException outage =
                new RegistryUnavailableException(
                        RequestContext.forSchemaId("schema by id", 1), "connection refused", null);
        registry.failWith(outage);

        invoker.start(work);

        assertThat(failed)
                .succeedsWithin(Duration.ofSeconds(10))
                .satisfies(
                        attempt -> {
                            assertThat(attempt.work()).isSameAs(work);
                            assertThat(attempt.stage()).isEqualTo(ErrorStage.DESERIALIZE);
                            assertThat(attempt.failure())
                                    .isInstanceOf(SerializationException.class)
                                    .hasCause(outage);
                            // Still worth retrying: the registry may come back.
                            assertThat(FailureKind.of(attempt.failure()))
                                    .isEqualTo(FailureKind.RETRIABLE);
                        });
        assertThat(FailingHandler.calls).as("handler calls").hasValue(0);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aFailureOfTheHandlerFailsTheAttemptAtTheHandleStage() {
        Work work = work(8, encodedOrder("A-8"));

        invoker.start(work);

        assertThat(failed)
                .succeedsWithin(Duration.ofSeconds(10))
                .satisfies(
                        attempt -> {
                            assertThat(attempt.stage()).isEqualTo(ErrorStage.HANDLE);
                            assertThat(attempt.failure())
                                    .isInstanceOf(RetriableHandlerException.class)
                                    .hasMessage("pricing service unavailable");
                        });
        assertThat(FailingHandler.calls).as("handler calls").hasValue(1);
    }

    /** Unchanged: reading a corrupt value again gives the same error, so no attempt fails. */
    @Test
    void aCorruptValueIsDeadLetteredAtOnceAtTheDeserializeStage() {
        invoker.start(work(9, "not avro".getBytes(UTF_8)));

        assertThat(failed).isNotDone();
        assertThat(producer.history())
                .singleElement()
                .satisfies(
                        dead -> {
                            assertThat(dead.topic()).isEqualTo(names.dlqTopic());
                            assertThat(header(dead, KappaHeaders.ERROR_STAGE))
                                    .isEqualTo("deserialize");
                        });
        assertThat(FailingHandler.calls).as("handler calls").hasValue(0);
    }

    private byte[] encodedOrder(String sku) {
        GenericRecord order = new GenericData.Record(INPUT);
        order.put("sku", sku);
        return new KappaAvroSerializer(registry).serialize(names.ingressTopic(), order);
    }

    private Work work(long offset, byte[] value) {
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>(
                        ingress.topic(),
                        ingress.partition(),
                        offset,
                        ("order-" + offset).getBytes(UTF_8),
                        value);
        return new Work(record, offsets.partition(ingress).handOut(offset));
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), UTF_8);
    }

    /** A blocking handler whose dependency is down: every call fails retriably. */
    public static final class FailingHandler implements ReplayHandler {
        static final AtomicInteger calls = new AtomicInteger();

        @Override
        public List<ReplayOutput> handle(ReplayInput input, ReplayContext context)
                throws RetriableHandlerException {
            calls.incrementAndGet();
            throw new RetriableHandlerException("pricing service unavailable");
        }

        @Override
        public Optional<Schema> outputSchema() {
            return Optional.of(INPUT);
        }
    }
}
