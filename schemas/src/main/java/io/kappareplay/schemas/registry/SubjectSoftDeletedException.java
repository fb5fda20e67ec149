package io.kappareplay.schemas.registry;

/**
 * The subject was soft-deleted (error code 40404): it can be deleted permanently or registered
 * again.
 *
 * <pre>{@code
 * registry.deleteSubject(subject, false);
 * registry.deleteSubject(subject, false); // throws SubjectSoftDeletedException
 * }</pre>
 */
public class SubjectSoftDeletedException extends NotFoundException {
    public SubjectSoftDeletedException(
            RequestContext request, int httpStatus, int errorCode, String serverMessage) {
        super(request, httpStatus, errorCode, serverMessage);
    }
}
