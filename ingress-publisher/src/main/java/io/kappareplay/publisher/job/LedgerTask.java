package io.kappareplay.publisher.job;

import io.kappareplay.publisher.manifest.IngressReadBack;
import io.kappareplay.publisher.manifest.LedgerCursor;
import io.kappareplay.schemas.manifest.PartitionSummary;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.TaskCompletionListener;

/**
 * One Spark task of the read-back: reads its share of the ingress topic's Kafka partitions, each to
 * the end offset the driver fixed, as ledger rows that Spark writes in the same task, and hands
 * each partition's summary to an accumulator for the manifest. The rows stream through: nothing of
 * the topic is held in the driver or in one task.
 *
 * <p>A retried task reads its partitions again from the start (reading has no side effect), and
 * Spark merges the accumulator of a successful task only, once per Spark partition, so every Kafka
 * partition's summary reaches the manifest exactly once.
 */
final class LedgerTask implements MapPartitionsFunction<Integer, Row> {
    private static final long serialVersionUID = 1L;

    private final IngressReadBack readBack;
    private final TreeMap<Integer, Long> endOffsets;
    private final CollectionAccumulator<PartitionSummary> summaries;

    LedgerTask(
            IngressReadBack readBack,
            SortedMap<Integer, Long> endOffsets,
            CollectionAccumulator<PartitionSummary> summaries) {
        this.readBack = readBack;
        this.endOffsets = new TreeMap<>(endOffsets);
        this.summaries = summaries;
    }

    @Override
    public Iterator<Row> call(Iterator<Integer> kafkaPartitions) {
        SortedMap<Integer, Long> mine = new TreeMap<>();
        kafkaPartitions.forEachRemaining(
                partition -> mine.put(partition, endOffsets.get(partition)));
        if (mine.isEmpty()) {
            return Collections.emptyIterator();
        }
        LedgerCursor cursor = readBack.open(mine);
        TaskContext.get()
                .addTaskCompletionListener((TaskCompletionListener) task -> cursor.close());
        return new Iterator<>() {
            private boolean summed;

            @Override
            public boolean hasNext() {
                if (cursor.hasNext()) {
                    return true;
                }
                if (!summed) {
                    cursor.summaries().forEach(summaries::add);
                    summed = true;
                }
                return false;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the task's partitions are read");
                }
                return WarehouseFiles.ledgerRow(cursor.next());
            }
        };
    }
}
