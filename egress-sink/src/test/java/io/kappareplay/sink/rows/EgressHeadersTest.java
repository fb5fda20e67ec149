package io.kappareplay.sink.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kappareplay.schemas.naming.KappaHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class EgressHeadersTest {

    private static ConsumerRecord<byte[], byte[]> record(String... namesAndValues) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>(
                "kappa.orders.egress",
                3,
                41L,
                0L,
                TimestampType.CREATE_TIME,
                0,
                0,
                null,
                null,
                headers,
                Optional.empty());
    }

    @Test
    void readsTheFourNumbersTheLastValueOfEachCounting() {
        EgressHeaders headers =
                EgressHeaders.of(
                        record(
                                KappaHeaders.JOB, "orders",
                                KappaHeaders.INGRESS_PARTITION, "7",
                                KappaHeaders.INGRESS_OFFSET, "9223372036854775807",
                                KappaHeaders.OUTPUT_INDEX, "0",
                                KappaHeaders.OUTPUT_INDEX, "2",
                                KappaHeaders.OUTPUT_COUNT, "3"));

        assertThat(headers).isEqualTo(new EgressHeaders(7, Long.MAX_VALUE, 2, 3));
    }

    @Test
    void aMissingHeaderIsNamedWithTheRecord() {
        assertThatThrownBy(
                        () ->
                                EgressHeaders.of(
                                        record(
                                                KappaHeaders.INGRESS_PARTITION, "7",
                                                KappaHeaders.INGRESS_OFFSET, "12",
                                                KappaHeaders.OUTPUT_COUNT, "1")))
                .isInstanceOf(MalformedEgressRecordException.class)
                .hasMessage(
                        "egress record at kappa.orders.egress-3@41 has no header "
                                + KappaHeaders.OUTPUT_INDEX);
    }

    @Test
    void textNegativesAndOutOfRangeNumbersAreRefused() {
        for (String bad :
                new String[] {"", "1x", "-1", " 1", "2147483648", "99999999999999999999"}) {
            assertThatThrownBy(
                            () ->
                                    EgressHeaders.of(
                                            record(
                                                    KappaHeaders.INGRESS_PARTITION, bad,
                                                    KappaHeaders.INGRESS_OFFSET, "12",
                                                    KappaHeaders.OUTPUT_INDEX, "0",
                                                    KappaHeaders.OUTPUT_COUNT, "1")))
                    .as("'%s'", bad)
                    .isInstanceOf(MalformedEgressRecordException.class)
                    .hasMessageContaining(
                            "has header "
                                    + KappaHeaders.INGRESS_PARTITION
                                    + "='"
                                    + bad
                                    + "', not a whole number from 0 to 2147483647");
        }
    }
}
