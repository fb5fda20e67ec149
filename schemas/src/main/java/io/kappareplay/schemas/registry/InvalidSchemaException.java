package io.kappareplay.schemas.registry;

/**
 * The registry could not accept the schema text (error code 42201).
 *
 * <pre>{@code
 * registry.register(subject, schemaTheRegistryRejects); // throws InvalidSchemaException
 * }</pre>
 */
public class InvalidSchemaException extends RegistryException {
    public InvalidSchemaException(
            RequestContext request, int httpStatus, int errorCode, String serverMessage) {
        super(request, httpStatus, errorCode, serverMessage);
    }
}
