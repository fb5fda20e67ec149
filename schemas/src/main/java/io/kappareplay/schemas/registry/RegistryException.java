package io.kappareplay.schemas.registry;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A registry request that failed: refused by the registry (with its HTTP status, error code and
 * message) or not answered at all.
 *
 * <p>Subtypes name the registry's error codes callers act on; {@link #isRetriable()} is true only
 * for {@link RegistryUnavailableException}, whose request may succeed if sent again later.
 *
 * <pre>{@code
 * try {
 *     registry.latestVersion(subject);
 * } catch (SubjectNotFoundException e) {
 *     // first run: nothing registered yet
 * }
 * }</pre>
 */
public class RegistryException extends RuntimeException {
    private final RequestContext request;
    private final int httpStatus;
    private final int errorCode;
    private final String serverMessage;

    /** The registry answered {@code httpStatus} with {@code {"error_code":…, "message":…}}. */
    public RegistryException(
            RequestContext request, int httpStatus, int errorCode, String serverMessage) {
        super(
                request
                        + " failed: "
                        + serverMessage
                        + " (HTTP "
                        + httpStatus
                        + ", error code "
                        + errorCode
                        + ")");
        this.request = requireNonNull(request, "request");
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.serverMessage = serverMessage;
    }

    /** The request failed without a registry error response: {@code problem} says why. */
    public RegistryException(RequestContext request, String problem, Throwable cause) {
        super(request + " failed: " + problem, cause);
        this.request = requireNonNull(request, "request");
        this.httpStatus = 0;
        this.errorCode = 0;
        this.serverMessage = null;
    }

    /** What the failed request asked for. */
    public RequestContext request() {
        return request;
    }

    /** The HTTP status the registry answered with; 0 when it gave no error response. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The registry's {@code error_code} (for example 40401), or the HTTP status when the response
     * had none; 0 when the registry gave no error response.
     */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's own {@code message}, verbatim. */
    public Optional<String> serverMessage() {
        return Optional.ofNullable(serverMessage);
    }

    /** Whether sending the same request again later may succeed. */
    public boolean isRetriable() {
        return false;
    }
}
