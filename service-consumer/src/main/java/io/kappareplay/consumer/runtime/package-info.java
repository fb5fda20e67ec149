/**
 * The at-least-once poll loop that wires the building blocks together ({@link
 * io.kappareplay.consumer.runtime.ReplayConsumer}): one poll thread owns the consumer, the offsets,
 * the scheduler and the retry queue; handlers run on workers (blocking) or return stages (async);
 * producer callbacks hand finished records back through a completion queue (decision 0006).
 */
package io.kappareplay.consumer.runtime;
