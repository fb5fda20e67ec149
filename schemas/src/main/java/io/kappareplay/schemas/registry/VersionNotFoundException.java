package io.kappareplay.schemas.registry;

/**
 * The subject has no such version (error code 40402).
 *
 * <pre>{@code
 * registry.version(subject, 99); // throws VersionNotFoundException if there are fewer versions
 * }</pre>
 */
public class VersionNotFoundException extends NotFoundException {
    public VersionNotFoundException(
            RequestContext request, int httpStatus, int errorCode, String serverMessage) {
        super(request, httpStatus, errorCode, serverMessage);
    }
}
