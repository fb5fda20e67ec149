package io.kappareplay.schemas.registry;

/**
 * The version is not a valid version number (error code 42202).
 *
 * <pre>{@code
 * registry.version(subject, 0); // throws InvalidVersionException: versions start at 1
 * }</pre>
 */
public class InvalidVersionException extends RegistryException {
    public InvalidVersionException(
            RequestContext request, int httpStatus, int errorCode, String serverMessage) {
        super(request, httpStatus, errorCode, serverMessage);
    }
}
