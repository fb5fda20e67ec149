package io.kappareplay.sink.rows;

import io.kappareplay.schemas.naming.KappaHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The numbers an egress record's lineage columns come from, read in one pass over its headers
 * without decoding them to text: a lookup per header name scans them all each time, and this runs
 * once per landed row. As with {@code lastHeader}, a header given twice counts by its last value.
 *
 * @param ingressPartition {@code kappa.ingress.partition}
 * @param ingressOffset {@code kappa.ingress.offset}
 * @param outputIndex {@code kappa.output.index}
 * @param outputCount {@code kappa.output.count}
 */
record EgressHeaders(int ingressPartition, long ingressOffset, int outputIndex, int outputCount) {

    /**
     * @throws MalformedEgressRecordException naming the record and the header that is missing or
     *     not a whole number in range
     */
    static EgressHeaders of(ConsumerRecord<byte[], byte[]> record) {
        byte[] partition = null;
        byte[] offset = null;
        byte[] index = null;
        byte[] count = null;
        for (Header header : record.headers()) {
            switch (header.key()) {
                case KappaHeaders.INGRESS_PARTITION -> partition = header.value();
                case KappaHeaders.INGRESS_OFFSET -> offset = header.value();
                case KappaHeaders.OUTPUT_INDEX -> index = header.value();
                case KappaHeaders.OUTPUT_COUNT -> count = header.value();
                default -> {}
            }
        }
        return new EgressHeaders(
                (int) number(record, KappaHeaders.INGRESS_PARTITION, partition, Integer.MAX_VALUE),
                number(record, KappaHeaders.INGRESS_OFFSET, offset, Long.MAX_VALUE),
                (int) number(record, KappaHeaders.OUTPUT_INDEX, index, Integer.MAX_VALUE),
                (int) number(record, KappaHeaders.OUTPUT_COUNT, count, Integer.MAX_VALUE));
    }

    /** A non-negative decimal number of ASCII digits, at most {@code max}. */
    private static long number(
            ConsumerRecord<byte[], byte[]> record, String name, byte[] value, long max) {
        if (value == null) {
            throw new MalformedEgressRecordException(
                    "egress record at " + position(record) + " has no header " + name);
        }
        long number = 0;
        boolean valid = value.length > 0 && value.length <= 19;
        for (int i = 0; valid && i < value.length; i++) {
            int digit = value[i] - '0';
            valid = digit >= 0 && digit <= 9;
            number = number * 10 + digit;
        }
        if (!valid || number < 0 || number > max) {
            throw new MalformedEgressRecordException(
                    "egress record at "
                            + position(record)
                            + " has header "
                            + name
                            + "='"
                            + new String(value, StandardCharsets.UTF_8)
                            + "', not a whole number from 0 to "
                            + max);
        }
        return number;
    }

    static String position(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
