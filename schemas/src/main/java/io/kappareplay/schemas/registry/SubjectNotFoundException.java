package io.kappareplay.schemas.registry;

/**
 * The subject does not exist (error code 40401).
 *
 * <pre>{@code
 * try {
 *     return registry.latestVersion(subject);
 * } catch (SubjectNotFoundException e) {
 *     return null; // nothing registered yet
 * }
 * }</pre>
 */
public class SubjectNotFoundException extends NotFoundException {
    public SubjectNotFoundException(
            RequestContext request, int httpStatus, int errorCode, String serverMessage) {
        super(request, httpStatus, errorCode, serverMessage);
    }
}
