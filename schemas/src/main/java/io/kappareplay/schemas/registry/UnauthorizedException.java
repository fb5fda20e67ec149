package io.kappareplay.schemas.registry;

/**
 * The registry refused the credentials, or they lack the permission (HTTP 401 or 403, error codes
 * 40101 and 40301). Check {@code basic.auth.credentials.source}, {@code basic.auth.user.info} and
 * {@code bearer.auth.token}.
 *
 * <pre>{@code
 * try {
 *     registry.subjects(false);
 * } catch (UnauthorizedException e) {
 *     throw new IllegalStateException("check basic.auth.user.info", e);
 * }
 * }</pre>
 */
public class UnauthorizedException extends RegistryException {
    public UnauthorizedException(
            RequestContext request, int httpStatus, int errorCode, String serverMessage) {
        super(request, httpStatus, errorCode, serverMessage);
    }
}
