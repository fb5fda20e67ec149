package io.kappareplay.local.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.local.registry.RecordLog.RecordLogException;
import io.kappareplay.local.registry.RegistryRecord.SchemaValue;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

class KafkaRecordLogTest {

    private static Properties userSettings() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", "127.0.0.1:9092");
        properties.put("security.protocol", "SASL_SSL");
        properties.put("sasl.mechanism", "PLAIN");
        properties.put("ssl.truststore.location", "/etc/kafka/truststore.p12");
        // Settings the registry's guarantees rest on; a user file cannot weaken them.
        properties.put("acks", "0");
        properties.put("enable.idempotence", "false");
        properties.put("transactional.id", "someone-else");
        properties.put("isolation.level", "read_uncommitted");
        properties.put("enable.auto.commit", "true");
        properties.put("group.id", "shared");
        // Tunables the file may change.
        properties.put("delivery.timeout.ms", "45000");
        return properties;
    }

    @Test
    void theProducerIsIdempotentWithAcksAllWhateverTheFileSays() {
        Properties producer = KafkaRecordLog.producerProperties(userSettings());

        assertThat(producer)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .doesNotContainKey("transactional.id")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .containsEntry("delivery.timeout.ms", "45000")
                .containsEntry("client.id", "kappa-registry-writer");
    }

    @Test
    void theProducerDefaultsFailASendWithinTheSendTimeout() {
        Properties producer = KafkaRecordLog.producerProperties(new Properties());

        long delivery = Long.parseLong((String) producer.get("delivery.timeout.ms"));
        long request = Long.parseLong((String) producer.get("request.timeout.ms"));
        assertThat(delivery).isLessThan(KafkaRecordLog.SEND_TIMEOUT.toMillis());
        // Kafka refuses a producer whose delivery timeout is below linger + request timeout.
        assertThat(delivery).isGreaterThanOrEqualTo(request);
        assertThat(producer).containsEntry("linger.ms", "0");
    }

    @Test
    void theConsumerReadsCommittedWithoutAGroup() {
        Properties consumer = KafkaRecordLog.consumerProperties(userSettings());

        assertThat(consumer)
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", "false")
                .doesNotContainKey("group.id")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("client.id", "kappa-registry-reader");
    }

    @Test
    void theAdminGetsTheConnectionSettings() {
        assertThat(KafkaRecordLog.adminProperties(userSettings()))
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("sasl.mechanism", "PLAIN");
    }

    // --- The replay of an unreadable record ---

    private static final TopicPartition PARTITION = new TopicPartition("_schemas", 0);
    private final RegistryRecordFormat format = new RegistryRecordFormat();

    // A schema record another writer broke: its value lacks the schema text, but holds id 7.
    private static final byte[] BROKEN_KEY =
            "{\"keytype\":\"SCHEMA\",\"subject\":\"b\",\"version\":1,\"magic\":1}".getBytes(UTF_8);
    private static final byte[] BROKEN_VALUE =
            "{\"subject\":\"b\",\"version\":1,\"id\":7,\"deleted\":false}".getBytes(UTF_8);

    @Test
    void anUnreadableRecordFailsTheReplayNamingTopicPartitionOffsetAndTheError() {
        assertThatThrownBy(
                        () ->
                                KafkaRecordLog.readForReplay(
                                        format, PARTITION, 41, BROKEN_KEY, BROKEN_VALUE, false))
                .isInstanceOf(RecordLogException.class)
                .hasMessageStartingWith(
                        "Cannot read the record at offset 41 of topic _schemas partition 0: no text"
                                + " field \"schema\"")
                .hasMessageContaining("pass --skip-unreadable-records");
        assertThatThrownBy(
                        () ->
                                KafkaRecordLog.readForReplay(
                                        format,
                                        PARTITION,
                                        3,
                                        "garbage".getBytes(UTF_8),
                                        null,
                                        false))
                .isInstanceOf(RecordLogException.class)
                .hasMessageContaining(
                        "offset 3 of topic _schemas partition 0: the key is not JSON");
    }

    @Test
    void confluentKeyTypesWeIgnoreAreSkippedWithoutError() throws RecordLogException {
        for (String keyType : RegistryRecordFormat.IGNORED_KEY_TYPES) {
            byte[] key = ("{\"keytype\":\"" + keyType + "\",\"magic\":0}").getBytes(UTF_8);

            assertThat(KafkaRecordLog.readForReplay(format, PARTITION, 0, key, null, false))
                    .as(keyType)
                    .isEmpty();
        }
    }

    @Test
    void skippingAnUnreadableRecordStillCountsTheIdItHolds() throws RecordLogException {
        assertThat(
                        KafkaRecordLog.readForReplay(
                                format, PARTITION, 41, BROKEN_KEY, BROKEN_VALUE, true))
                .contains(RegistryRecord.idWatermark(7));
        assertThat(
                        KafkaRecordLog.readForReplay(
                                format,
                                PARTITION,
                                42,
                                "{\"keytype\":\"ID_WATERMARK\"".getBytes(UTF_8),
                                "{\"maxId\":12".getBytes(UTF_8),
                                true))
                .contains(RegistryRecord.idWatermark(12));
        assertThat(
                        KafkaRecordLog.readForReplay(
                                format, PARTITION, 43, "garbage".getBytes(UTF_8), null, true))
                .isEmpty();
    }

    @Test
    void aSkippedRecordsIdIsNeverHandedOutAgain() throws RecordLogException {
        RegistryState state = new RegistryState();
        state.apply(RegistryRecord.schema(new SchemaValue("a", 1, 1, "\"int\"", false)));
        KafkaRecordLog.readForReplay(format, PARTITION, 1, BROKEN_KEY, BROKEN_VALUE, true)
                .ifPresent(state::apply);

        assertThat(state.maxId()).isEqualTo(7);
    }

    // --- Admin calls: failures with their cause, timeouts as timeouts ---

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static <T> KafkaFuture<T> failed(Throwable error) {
        KafkaFutureImpl<T> future = new KafkaFutureImpl<>();
        future.completeExceptionally(error);
        return future;
    }

    private static long in(Duration duration) {
        return System.nanoTime() + duration.toNanos();
    }

    @Test
    void anAdminCallThatFailsIsReportedWithItsCauseNotAsATimeout() {
        TopicAuthorizationException denied =
                new TopicAuthorizationException("Not authorized to access topics: [_schemas]");

        assertThatThrownBy(
                        () ->
                                KafkaRecordLog.await(
                                        failed(denied),
                                        "Cannot describe the schemas topic _schemas",
                                        in(TIMEOUT),
                                        TIMEOUT))
                .isInstanceOf(RecordLogException.class)
                .hasMessage(
                        "Cannot describe the schemas topic _schemas:"
                                + " org.apache.kafka.common.errors.TopicAuthorizationException:"
                                + " Not authorized to access topics: [_schemas]")
                .hasCause(denied);
    }

    @Test
    void anAdminCallThatDoesNotAnswerIsReportedAsATimeout() {
        assertThatThrownBy(
                        () ->
                                KafkaRecordLog.await(
                                        new KafkaFutureImpl<>(),
                                        "Cannot describe the schemas topic _schemas",
                                        in(Duration.ofMillis(50)),
                                        Duration.ofMillis(50)))
                .isInstanceOf(RecordLogException.class)
                .hasMessage("Cannot describe the schemas topic _schemas within PT0.05S");
        assertThat(KafkaRecordLog.describe(null)).isEqualTo("no cause reported");
    }

    @Test
    void listOffsetsIsRetriedWhileKafkaCallsTheErrorRetriable() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        KafkaRecordLog.awaitAnswer(
                "listOffsets for _schemas-0",
                () ->
                        calls.incrementAndGet() < 3
                                ? failed(new UnknownTopicOrPartitionException("not yet"))
                                : KafkaFuture.completedFuture("answer"),
                in(TIMEOUT),
                TIMEOUT);

        assertThat(calls).hasValue(3);
    }

    @Test
    void listOffsetsFailsAtOnceWithTheCauseOfANonRetriableError() {
        AtomicInteger calls = new AtomicInteger();
        SaslAuthenticationException wrongPassword =
                new SaslAuthenticationException("Authentication failed: invalid credentials");

        assertThatThrownBy(
                        () ->
                                KafkaRecordLog.awaitAnswer(
                                        "listOffsets for _schemas-0",
                                        () -> {
                                            calls.incrementAndGet();
                                            return failed(wrongPassword);
                                        },
                                        in(TIMEOUT),
                                        TIMEOUT))
                .isInstanceOf(RecordLogException.class)
                .hasMessage(
                        "listOffsets for _schemas-0 failed:"
                                + " org.apache.kafka.common.errors.SaslAuthenticationException:"
                                + " Authentication failed: invalid credentials")
                .hasCause(wrongPassword);
        assertThat(calls).hasValue(1);
    }

    @Test
    void listOffsetsThatNeverAnswersIsATimeoutNamingTheLastError() {
        assertThatThrownBy(
                        () ->
                                KafkaRecordLog.awaitAnswer(
                                        "listOffsets for _schemas-0",
                                        () -> failed(new LeaderNotAvailableException("no leader")),
                                        in(Duration.ofMillis(300)),
                                        Duration.ofMillis(300)))
                .isInstanceOf(RecordLogException.class)
                .hasMessage(
                        "listOffsets for _schemas-0 did not answer within PT0.3S; the last error:"
                                + " org.apache.kafka.common.errors.LeaderNotAvailableException:"
                                + " no leader");
        assertThatThrownBy(
                        () ->
                                KafkaRecordLog.awaitAnswer(
                                        "listOffsets for _schemas-0",
                                        KafkaFutureImpl::new,
                                        in(Duration.ofMillis(100)),
                                        Duration.ofMillis(100)))
                .hasMessage("listOffsets for _schemas-0 did not answer within PT0.1S");
    }
}
