package io.kappareplay.publisher.publish;

import io.kappareplay.local.TestingKafka;
import io.kappareplay.publisher.manifest.IngressReadBack;
import io.kappareplay.publisher.manifest.LedgerRow;
import io.kappareplay.schemas.manifest.PartitionSummary;
import io.kappareplay.schemas.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.utils.Utils;

/**
 * Test rows as a Spark task hands them to the publisher, and the figures a test expects of them,
 * computed here from the keys rather than by the code under test.
 */
final class TestIngress {
    static final Instant SNAPSHOT = Instant.parse("2024-06-30T00:00:00Z");

    /** The id a registry would have given {@link #ORDER}; nothing here reads values back. */
    static final int SCHEMA_ID = 1;

    static final Schema ORDER =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Order", "namespace": "test.publisher",
                             "fields": [{"name": "id", "type": "long"},
                                        {"name": "customer", "type": "string"},
                                        {"name": "amount", "type": "double"},
                                        {"name": "status", "type": "string"}]}""");

    private TestIngress() {}

    static Map<String, String> kafka() {
        return TestingKafka.shared().clientProperties();
    }

    /** The business key of row {@code i} of Spark partition {@code task}. */
    static String key(int task, int i) {
        return "order-" + task + "-" + i;
    }

    /** The lineage of row {@code i} of Spark partition {@code task}: file and row number. */
    static String lineage(int task, int i) {
        return "orders/part-" + task + ".parquet#" + i;
    }

    /** The rows of Spark partition {@code task}: {@code count} orders, encoded. */
    static List<EncodedRecord> task(int task, int count) {
        List<EncodedRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            GenericRecord order = new GenericData.Record(ORDER);
            order.put("id", (long) task * 1_000_000 + i);
            order.put("customer", "customer-" + (i % 977));
            order.put("amount", i * 1.25);
            order.put("status", i % 3 == 0 ? "SHIPPED" : "PLACED");
            records.add(new EncodedRecord(key(task, i), encode(order), lineage(task, i)));
        }
        return records;
    }

    static byte[] encode(GenericRecord record) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return WireFormat.encode(SCHEMA_ID, body.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> keys(Collection<EncodedRecord> records) {
        return records.stream().map(EncodedRecord::key).toList();
    }

    /** The partition Kafka's default partitioner gives a key: murmur2 of its bytes. */
    static int kafkaPartition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** What a read_committed read-back finds: the ledger rows and the partition summaries. */
    record ReadBack(List<LedgerRow> ledger, List<PartitionSummary> partitions) {
        /** The lineages read more than once. */
        Set<String> duplicatedLineages() {
            Set<String> seen = new HashSet<>();
            Set<String> duplicated = new HashSet<>();
            ledger.forEach(
                    row -> {
                        if (!seen.add(row.lineage())) {
                            duplicated.add(row.lineage());
                        }
                    });
            return duplicated;
        }
    }

    static ReadBack readBack(String topic) {
        List<LedgerRow> ledger = new ArrayList<>();
        List<PartitionSummary> partitions =
                new IngressReadBack(kafka(), topic, Duration.ofMinutes(2)).readAll(ledger::add);
        return new ReadBack(ledger, partitions);
    }
}
