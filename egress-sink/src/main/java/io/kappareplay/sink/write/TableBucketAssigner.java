package io.kappareplay.sink.write;

import io.kappareplay.sink.rows.DlqRowSchema;
import io.kappareplay.sink.rows.LineageColumns;
import io.kappareplay.sink.rows.TopicRole;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Puts a row in the directory of its table, job and day under {@code <warehouse>/kappa/}: {@code
 * egress/job_id=<job>/dt=<yyyy-MM-dd>} or {@code dlq/job_id=<job>/dt=<yyyy-MM-dd>}, the day of
 * {@code processed_at} in UTC, so a replay's rows land where Hive's partition discovery finds them.
 */
public final class TableBucketAssigner implements BucketAssigner<GenericRecord, String> {
    private static final long serialVersionUID = 1L;
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** The last row's table, job and day, and its bucket: rows come in runs of the same one. */
    private transient Object lastSchema;

    private transient Object lastJob;
    private transient long lastDay = Long.MIN_VALUE;
    private transient String lastBucket;

    @Override
    public String getBucketId(GenericRecord row, Context context) {
        Object job = row.get(LineageColumns.JOB_ID);
        long day = Math.floorDiv((Long) row.get(LineageColumns.PROCESSED_AT), MILLIS_PER_DAY);
        if (row.getSchema() != lastSchema || !job.equals(lastJob) || day != lastDay) {
            lastBucket = bucketId(row);
            lastSchema = row.getSchema();
            lastJob = job;
            lastDay = day;
        }
        return lastBucket;
    }

    /** The directory of {@code row} relative to {@code <warehouse>/kappa/}. */
    public static String bucketId(GenericRecord row) {
        TopicRole.Table table =
                row.getSchema().getFullName().equals(DlqRowSchema.SCHEMA.getFullName())
                        ? TopicRole.Table.DLQ
                        : TopicRole.Table.EGRESS;
        long processedAt = (Long) row.get(LineageColumns.PROCESSED_AT);
        return table.directory()
                + "/job_id="
                + row.get(LineageColumns.JOB_ID)
                + "/dt="
                + DAY.format(Instant.ofEpochMilli(processedAt));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
