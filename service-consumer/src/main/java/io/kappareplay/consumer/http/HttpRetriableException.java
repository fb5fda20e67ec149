package io.kappareplay.consumer.http;

import io.kappareplay.consumer.retry.MinimumRetryDelay;
import io.kappareplay.service.api.RetriableHandlerException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The service may answer on another try: it said {@code 429}, {@code 503} or another {@code 5xx},
 * or it could not be reached in time. Carries the status, when there was one, for the dead letter's
 * {@code kappa.error.http-status}, and the service's {@code Retry-After}, which the retry policy
 * waits at least.
 */
public final class HttpRetriableException extends RetriableHandlerException
        implements MinimumRetryDelay {
    private static final long serialVersionUID = 1L;

    private final Integer status;
    private final transient Duration retryAfter;

    /**
     * @param status the HTTP status, or empty when no response came (connection refused, timeout)
     * @param retryAfter the response's {@code Retry-After}, when it had a valid one
     */
    public HttpRetriableException(
            String message, OptionalInt status, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status.isPresent() ? status.getAsInt() : null;
        this.retryAfter = retryAfter.orElse(null);
    }

    /** The status the service answered with, or empty when it did not answer. */
    public OptionalInt status() {
        return status == null ? OptionalInt.empty() : OptionalInt.of(status);
    }

    @Override
    public Optional<Duration> minimumRetryDelay() {
        return Optional.ofNullable(retryAfter);
    }
}
