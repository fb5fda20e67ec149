package io.kappareplay.schemas.registry;

/**
 * No such schema: no schema has the requested id, or the subject has no version with the schema
 * looked up (error code 40403).
 *
 * <pre>{@code
 * registry.schemaById(999_999); // throws SchemaNotFoundException, request().schemaId() = 999999
 * }</pre>
 */
public class SchemaNotFoundException extends NotFoundException {
    public SchemaNotFoundException(
            RequestContext request, int httpStatus, int errorCode, String serverMessage) {
        super(request, httpStatus, errorCode, serverMessage);
    }
}
