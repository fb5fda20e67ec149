package io.kappareplay.consumer.retry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What to do with a record after a failed attempt, as {@link RetryPolicy#decide} answers it.
 *
 * <pre>{@code
 * RetryDecision decision = policy.decide(attempt, failure);
 * if (decision instanceof RetryDecision.Retry retry) {
 *     retries.schedule(record.withAttempt(retry.nextAttempt()), retry.delay());
 * } else if (decision instanceof RetryDecision.GiveUp giveUp) {
 *     deadLetters.send(record, failure, giveUp.reason());
 * } else if (decision instanceof RetryDecision.Stop stop) {
 *     throw stop.error(); // the runtime stops; the record stays uncommitted
 * }
 * }</pre>
 */
public sealed interface RetryDecision {

    /**
     * Try again once {@code delay} has passed.
     *
     * @param nextAttempt the number of the next attempt, for {@code ReplayContext.attempt}
     * @param delay how long the record waits; other records go on meanwhile
     */
    record Retry(int nextAttempt, Duration delay) implements RetryDecision {
        public Retry {
            requireNonNull(delay, "delay");
        }
    }

    /** Send the record to the DLQ. */
    record GiveUp(Reason reason) implements RetryDecision {
        public GiveUp {
            requireNonNull(reason, "reason");
        }
    }

    /**
     * The failure is not the record's ({@link FailureKind#FATAL}): stop the runtime without
     * committing the record, and let {@code error} propagate.
     */
    record Stop(Error error) implements RetryDecision {
        public Stop {
            requireNonNull(error, "error");
        }
    }

    /** Why a record goes to the DLQ. */
    enum Reason {
        /** The handler threw a {@code PermanentHandlerException}. */
        PERMANENT,
        /** The last attempt the budget allows failed too. */
        ATTEMPTS_EXHAUSTED
    }
}
