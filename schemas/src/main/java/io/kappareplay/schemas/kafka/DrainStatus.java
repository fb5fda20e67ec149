package io.kappareplay.schemas.kafka;

import java.util.List;

/** Where a consumer group stands on a topic: drained when every partition is. */
public record DrainStatus(String group, String topic, List<PartitionProgress> partitions) {
    public DrainStatus {
        partitions = List.copyOf(partitions);
    }

    public boolean drained() {
        return partitions.stream().allMatch(PartitionProgress::drained);
    }

    /** Records the group has yet to commit, over all partitions. */
    public long lag() {
        return partitions.stream().mapToLong(PartitionProgress::lag).sum();
    }

    @Override
    public String toString() {
        long pending = partitions.stream().filter(p -> !p.drained()).count();
        return group
                + " on "
                + topic
                + (drained() ? ": drained" : ": lag " + lag() + " on " + pending + " partition(s)");
    }
}
