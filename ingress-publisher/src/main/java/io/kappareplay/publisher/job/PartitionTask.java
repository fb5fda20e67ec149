package io.kappareplay.publisher.job;

import io.kappareplay.publisher.contract.FieldReject;
import io.kappareplay.publisher.contract.RejectReason;
import io.kappareplay.publisher.contract.RowCoercer;
import io.kappareplay.publisher.contract.RowCoercion;
import io.kappareplay.publisher.publish.EncodedRecord;
import io.kappareplay.publisher.publish.PartitionPublisher;
import io.kappareplay.schemas.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * What one Spark task does with its partition of the snapshot: coerce every row to the contract,
 * publish the accepted ones in one Kafka transaction ({@link PartitionPublisher}), and return the
 * rejected ones as {@link RejectRows}, which Spark writes to the rejects table in the same task.
 *
 * <p>Rows are coerced as the publisher pulls them, so a partition streams through; only its rejects
 * are held until the transaction commits. The row and reject counts go to accumulators after the
 * commit: Spark merges the accumulators of successful tasks only, once per partition, so a failed
 * attempt's counts are dropped with its aborted transaction.
 *
 * <p>A record's value is Confluent's wire format with the contract's registered schema id, the
 * bytes {@code KappaAvroSerializer} writes; its key is the key column's value as text; its lineage
 * is the snapshot's lineage column. A null key is a reject ({@link
 * RejectReason#NULL_IN_REQUIRED_FIELD} on the key column), since a record without a key has no
 * partition to keep its history in order.
 */
final class PartitionTask implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final RowCoercer coercer;
    private final PartitionPublisher publisher;
    private final StructType columns;
    private final String keyColumn;
    private final int keyIndex;
    private final int schemaId;
    private final LongAccumulator rows;
    private final LongAccumulator rejectedRows;
    private final TaskFault fault;

    /**
     * @param columns the source's columns; each row holds them and then its lineage
     * @param fault the test-only fault, or null
     */
    PartitionTask(
            RowCoercer coercer,
            PartitionPublisher publisher,
            StructType columns,
            String keyColumn,
            int schemaId,
            LongAccumulator rows,
            LongAccumulator rejectedRows,
            TaskFault fault) {
        this.coercer = coercer;
        this.publisher = publisher;
        this.columns = columns;
        this.keyColumn = keyColumn;
        this.keyIndex = columns.fieldIndex(keyColumn);
        this.schemaId = schemaId;
        this.rows = rows;
        this.rejectedRows = rejectedRows;
        this.fault = fault;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        TaskContext context = TaskContext.get();
        int partition = context.partitionId();
        Coerced coerced = new Coerced(input);
        Iterator<EncodedRecord> records =
                fault == null ? coerced : fault.inject(partition, context.attemptNumber(), coerced);
        publisher.publish(partition, records);
        rows.add(coerced.rows);
        rejectedRows.add(coerced.rejectedRows);
        return coerced.rejects.iterator();
    }

    /** The key as the record key: text as it is, whole numbers in decimal. */
    static String keyText(Object key) {
        if (key instanceof String text) {
            return text;
        }
        if (key instanceof Long
                || key instanceof Integer
                || key instanceof Short
                || key instanceof Byte) {
            return key.toString();
        }
        throw new IllegalStateException(
                "A key of type " + key.getClass().getName() + " passed the pre-flight check");
    }

    /** The accepted rows of the partition as encoded records; the rejected ones set aside. */
    private final class Coerced implements Iterator<EncodedRecord> {
        private final Iterator<Row> input;
        private final List<Row> rejects = new ArrayList<>();
        private final byte[] header = WireFormat.header(schemaId);
        private final GenericDatumWriter<GenericRecord> writer =
                new GenericDatumWriter<>(coercer.contract());
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
        private BinaryEncoder encoder;
        private EncodedRecord next;
        private long rows;
        private long rejectedRows;

        Coerced(Iterator<Row> input) {
            this.input = input;
        }

        @Override
        public boolean hasNext() {
            while (next == null && input.hasNext()) {
                next = accept(input.next());
            }
            return next != null;
        }

        @Override
        public EncodedRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no rows left in this partition");
            }
            EncodedRecord record = next;
            next = null;
            return record;
        }

        /** The row as a record, or null once its rejects are set aside. */
        private EncodedRecord accept(Row row) {
            rows++;
            int width = columns.length();
            Object[] values = new Object[width];
            for (int i = 0; i < width; i++) {
                values[i] = row.get(i);
            }
            String lineage = row.getString(width);
            Row source = new GenericRowWithSchema(values, columns);
            Object key = values[keyIndex];
            List<FieldReject> problems = new ArrayList<>(0);
            if (key == null) {
                problems.add(
                        new FieldReject(
                                keyColumn,
                                Optional.of(keyColumn),
                                RejectReason.NULL_IN_REQUIRED_FIELD,
                                Optional.empty(),
                                "is null, and source.key-column is every record's Kafka key",
                                "fill the key in the source, or leave such rows out of it"));
            }
            RowCoercion coercion = coercer.coerce(source);
            if (coercion instanceof RowCoercion.Rejected rejected) {
                // A key column that fills a required field was rejected as null there already.
                problems.removeIf(
                        keyProblem ->
                                rejected.rejects().stream()
                                        .anyMatch(r -> r.column().equals(Optional.of(keyColumn))));
                problems.addAll(rejected.rejects());
            }
            if (!problems.isEmpty()) {
                rejectedRows++;
                String keyText = key == null ? null : keyText(key);
                String json = RejectRows.json(source);
                for (FieldReject problem : problems) {
                    rejects.add(RejectRows.of(lineage, keyText, json, problem));
                }
                return null;
            }
            GenericData.Record record = ((RowCoercion.Accepted) coercion).record();
            return new EncodedRecord(keyText(key), encode(record), lineage);
        }

        private byte[] encode(GenericRecord record) {
            buffer.reset();
            buffer.write(header, 0, header.length);
            encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
            try {
                writer.write(record, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot encode a record in memory", e);
            }
            return buffer.toByteArray();
        }
    }
}
