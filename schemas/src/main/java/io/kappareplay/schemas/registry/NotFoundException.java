package io.kappareplay.schemas.registry;

/**
 * The registry has no such resource (HTTP 404). Subtypes name what was missing; the other 404 error
 * codes (40405 "subject not soft-deleted first", 40406 "version soft-deleted", 40407 "version not
 * soft-deleted first", 40408 "no subject-level compatibility") arrive as this type with {@link
 * #errorCode()} set.
 *
 * <pre>{@code
 * try {
 *     registry.deleteVersion(subject, 3, true);
 * } catch (NotFoundException e) {
 *     // already gone, or error 40407: soft-delete it first
 * }
 * }</pre>
 */
public class NotFoundException extends RegistryException {
    public NotFoundException(
            RequestContext request, int httpStatus, int errorCode, String serverMessage) {
        super(request, httpStatus, errorCode, serverMessage);
    }
}
