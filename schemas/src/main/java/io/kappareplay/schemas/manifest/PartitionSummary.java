package io.kappareplay.schemas.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;

/**
 * One Kafka partition of the ingress topic in the manifest, from a read_committed read-back.
 *
 * @param partition the Kafka partition
 * @param records committed data records read, transaction markers and aborted records not counted
 * @param firstOffset the offset of the first of them; null when there are none
 * @param lastOffset the offset of the last of them; null when there are none
 * @param endOffset the read_committed end offset the read stopped at; above {@code lastOffset} by
 *     at least one, since every transaction ends with a marker that takes an offset
 * @param keyChecksum the sum, mod 2^64, of {@link io.kappareplay.schemas.naming.KeyChecksum} of
 *     each record's key, a key read twice counted twice
 */
public record PartitionSummary(
        @JsonProperty("partition") int partition,
        @JsonProperty("records") long records,
        @JsonProperty("first_offset") Long firstOffset,
        @JsonProperty("last_offset") Long lastOffset,
        @JsonProperty("end_offset") long endOffset,
        @JsonProperty("key_checksum") long keyChecksum)
        implements Serializable {

    public PartitionSummary {
        if (partition < 0 || records < 0 || endOffset < 0) {
            throw new IllegalArgumentException(
                    "Partition summary "
                            + partition
                            + " is not valid: partition, records and end_offset must be 0 or more");
        }
        if ((records == 0) != (firstOffset == null) || (records == 0) != (lastOffset == null)) {
            throw new IllegalArgumentException(
                    "Partition summary "
                            + partition
                            + " is not valid: first_offset and last_offset are null exactly when"
                            + " records is 0, but records is "
                            + records
                            + ", first_offset "
                            + firstOffset
                            + ", last_offset "
                            + lastOffset);
        }
    }
}
