/**
 * What the consumer may commit: per partition, the offset after the contiguous prefix of finished
 * records (at-least-once: a crash replays, never skips), with no size cap and memory proportional
 * to the records in flight.
 *
 * <p>How the poll loop uses it (the whole loop, with {@code dispatch}, is sketched in {@link
 * io.kappareplay.consumer.dispatch}):
 *
 * <ul>
 *   <li>poll thread, rebalance listener: {@link
 *       io.kappareplay.consumer.offsets.OffsetsByPartition#assign} on assignment; {@link
 *       io.kappareplay.consumer.offsets.OffsetsByPartition#revoke} on revocation, loss and
 *       shutdown, then {@link io.kappareplay.consumer.offsets.Revocation} to wait (bounded),
 *       abandon and commit;
 *   <li>poll thread, after each poll: {@link
 *       io.kappareplay.consumer.offsets.PartitionOffsets#handOut} for every returned record in poll
 *       order, then {@link io.kappareplay.consumer.offsets.PartitionOffsets#advancePosition} for
 *       every assigned partition;
 *   <li>worker or completion threads: {@link
 *       io.kappareplay.consumer.offsets.PendingOffset#complete} when a record's outcome is final,
 *       {@link io.kappareplay.consumer.offsets.PendingOffset#abandon} when it will not finish;
 *   <li>poll thread, every commit interval: {@link
 *       io.kappareplay.consumer.offsets.OffsetsByPartition#takeCommittable}, and {@link
 *       io.kappareplay.consumer.offsets.OffsetsByPartition#commitFailed} from the commit callback.
 * </ul>
 *
 * <p>Exactly-once mode holds the outputs of records finished past the prefix and, at each
 * transaction, releases those whose offsets the step's {@link
 * io.kappareplay.consumer.offsets.OffsetAdvance} ranges contain, with the step's offsets.
 */
package io.kappareplay.consumer.offsets;
