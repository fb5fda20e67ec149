package io.kappareplay.schemas.registry;

/**
 * The registry could not serve the request now: no URL answered (I/O error or timeout), or it
 * answered a server error (5xx other than 501) or 429 Too Many Requests. The client has already
 * retried as configured; the caller may retry later. A server error or timeout may come after the
 * registry applied the request: a delete that failed so may have happened.
 *
 * <pre>{@code
 * } catch (RegistryUnavailableException e) {
 *     pauseAndRetryLater(e);
 * }</pre>
 */
public class RegistryUnavailableException extends RegistryException {
    public RegistryUnavailableException(
            RequestContext request, int httpStatus, int errorCode, String serverMessage) {
        super(request, httpStatus, errorCode, serverMessage);
    }

    public RegistryUnavailableException(RequestContext request, String problem, Throwable cause) {
        super(request, problem, cause);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
