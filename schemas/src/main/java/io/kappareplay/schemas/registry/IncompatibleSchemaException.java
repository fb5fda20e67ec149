package io.kappareplay.schemas.registry;

/**
 * The schema breaks the subject's compatibility level (HTTP 409); {@link #serverMessage()} holds
 * the registry's reasons.
 *
 * <pre>{@code
 * try {
 *     registry.register(subject, changedSchema);
 * } catch (IncompatibleSchemaException e) {
 *     throw new IllegalStateException("contract change breaks readers: " + e.getMessage(), e);
 * }
 * }</pre>
 */
public class IncompatibleSchemaException extends RegistryException {
    public IncompatibleSchemaException(
            RequestContext request, int httpStatus, int errorCode, String serverMessage) {
        super(request, httpStatus, errorCode, serverMessage);
    }
}
