package io.kappareplay.consumer.http;

import java.util.OptionalInt;

/** What the HTTP handler's failures say about the service's answer, for the dead letter. */
public final class HttpFailures {
    private HttpFailures() {}

    /**
     * The HTTP status of {@code failure} (already unwrapped) when the HTTP handler threw it after a
     * response, else empty.
     */
    public static OptionalInt status(Throwable failure) {
        if (failure instanceof HttpPermanentException permanent) {
            return OptionalInt.of(permanent.status());
        }
        if (failure instanceof HttpRetriableException retriable) {
            return retriable.status();
        }
        return OptionalInt.empty();
    }
}
