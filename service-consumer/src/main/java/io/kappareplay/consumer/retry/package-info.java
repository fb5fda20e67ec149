/**
 * Retries: {@link io.kappareplay.consumer.retry.FailureKind} says what a failed attempt means,
 * {@link io.kappareplay.consumer.retry.RetryPolicy} decides between a retry after a backoff and the
 * DLQ, and {@link io.kappareplay.consumer.retry.RetryScheduler} holds records until their retry is
 * due, without blocking any thread or any other record.
 *
 * <p>Under {@code ordering: key} or {@code partition}, a record waiting for its retry still holds
 * its key or partition: the dispatcher keeps the records behind it back, not this package.
 */
package io.kappareplay.consumer.retry;
