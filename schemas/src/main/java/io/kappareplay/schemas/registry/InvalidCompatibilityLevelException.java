package io.kappareplay.schemas.registry;

/**
 * The registry does not accept the compatibility level (error code 42203).
 *
 * <pre>{@code
 * registry.setGlobalCompatibility(level); // throws if this registry does not support the level
 * }</pre>
 */
public class InvalidCompatibilityLevelException extends RegistryException {
    public InvalidCompatibilityLevelException(
            RequestContext request, int httpStatus, int errorCode, String serverMessage) {
        super(request, httpStatus, errorCode, serverMessage);
    }
}
