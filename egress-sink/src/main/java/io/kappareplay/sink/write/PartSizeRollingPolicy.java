package io.kappareplay.sink.write;

import org.apache.avro.generic.GenericRecord;
import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.CheckpointRollingPolicy;

/**
 * Rolls a part file at every checkpoint (a Parquet file cannot be resumed, so Flink requires it)
 * and, between checkpoints, once it reaches a size: file counts follow the checkpoint interval and
 * the size cap, never the record count. See docs/decisions/0012-sink-file-sizes.md.
 */
public final class PartSizeRollingPolicy extends CheckpointRollingPolicy<GenericRecord, String> {
    private static final long serialVersionUID = 1L;

    private final long maxPartSizeBytes;

    public PartSizeRollingPolicy(long maxPartSizeBytes) {
        this.maxPartSizeBytes = maxPartSizeBytes;
    }

    @Override
    public boolean shouldRollOnEvent(PartFileInfo<String> partFile, GenericRecord element)
            throws java.io.IOException {
        return partFile.getSize() >= maxPartSizeBytes;
    }

    @Override
    public boolean shouldRollOnProcessingTime(PartFileInfo<String> partFile, long currentTime) {
        return false;
    }
}
