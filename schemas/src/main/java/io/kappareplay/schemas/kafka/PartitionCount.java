package io.kappareplay.schemas.kafka;

/**
 * One partition as a read_committed reader sees it: its end offset (the last stable offset) and how
 * many committed records lie below it, counted by reading them (transaction markers and aborted
 * records take offsets, so the two differ).
 */
public record PartitionCount(int partition, long endOffset, long records) {}
