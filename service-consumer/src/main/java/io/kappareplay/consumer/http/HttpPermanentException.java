package io.kappareplay.consumer.http;

import io.kappareplay.service.api.PermanentHandlerException;

/**
 * The service refused the record for good (a {@code 4xx} other than {@code 429}), or answered with
 * a body that does not map to the job's outputs. Carries the status for the dead letter's {@code
 * kappa.error.http-status}.
 */
public final class HttpPermanentException extends PermanentHandlerException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpPermanentException(String message, int status) {
        super(message);
        this.status = status;
    }

    public HttpPermanentException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The status the service answered with. */
    public int status() {
        return status;
    }
}
