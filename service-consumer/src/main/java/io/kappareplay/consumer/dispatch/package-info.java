/**
 * When a polled record may run: the in-flight limit with its backpressure ({@link
 * io.kappareplay.consumer.dispatch.InFlightLimit}), optionally moved by the handler's latency
 * ({@link io.kappareplay.consumer.dispatch.AdaptiveConcurrency}), the ordering modes ({@link
 * io.kappareplay.consumer.dispatch.OrderingScheduler}) and the optional rate limit ({@link
 * io.kappareplay.consumer.dispatch.RecordRateLimiter}). No Kafka I/O happens here.
 *
 * <p>How the poll loop puts them together with {@link io.kappareplay.consumer.offsets} ({@code
 * Work} is the loop's own per-record object holding the record, its {@code PendingOffset} and its
 * {@code Permit}; {@code heldBack} is a queue of polled records not admitted yet):
 *
 * <pre>{@code
 * // Poll thread, each round.
 * ConsumerRecords<byte[], byte[]> polled = consumer.poll(pollTimeout);
 * for (ConsumerRecord<byte[], byte[]> record : polled) {          // poll order
 *     TopicPartition partition = new TopicPartition(record.topic(), record.partition());
 *     heldBack.add(new Work(record, offsets.partition(partition).handOut(record.offset())));
 * }
 * for (TopicPartition partition : consumer.assignment()) {         // markers move it too
 *     offsets.partition(partition).advancePosition(consumer.position(partition));
 * }
 * while (!heldBack.isEmpty()) {                                    // admit in poll order
 *     Work work = heldBack.peek();
 *     Optional<InFlightLimit.Permit> permit = limit.tryAcquire(work.bytes());
 *     if (permit.isEmpty()) break;                   // relief listener wakes the poll later
 *     if (!rate.tryAcquire()) {                      // the permit first: no token is wasted
 *         permit.get().release();
 *         pollTimeout = Duration.ofNanos(rate.nanosUntilAvailable());
 *         break;
 *     }
 *     heldBack.poll().admitted(permit.get());
 *     if (scheduler.submit(work)) start(work);       // else it waits behind its key/partition
 * }
 * if (limit.shouldPause() || !heldBack.isEmpty()) consumer.pause(consumer.assignment());
 * else consumer.resume(consumer.paused());           // keep polling while paused
 *
 * // Worker or completion thread, when a record's outcome is final (sends acknowledged, or
 * // outputs held in exactly-once mode). A failed attempt that will be retried keeps its
 * // offset pending, its permit and its lane, so later records of its key wait; other keys go on.
 * work.pending().complete();
 * work.permit().release();
 * scheduler.complete(work).ifPresent(next -> start(next));   // already admitted: start it
 * }</pre>
 *
 * <p>{@code start} hands a record to the worker pool (blocking handlers) or calls {@code
 * handleAsync}; it never runs a blocking handler on the completion thread that released it.
 *
 * <p>Revocation and shutdown: {@code scheduler.dropPartitions(partitions)} returns the admitted
 * records that never started; the loop abandons their offsets and releases their permits, drops the
 * held-back records of those partitions (abandoning their offsets), then waits for the rest through
 * {@link io.kappareplay.consumer.offsets.Revocation}.
 */
package io.kappareplay.consumer.dispatch;
