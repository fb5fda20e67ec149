package io.kappareplay.local.registry;

import java.util.List;

/**
 * An error the API answers with: an HTTP status, Confluent's error code and a message naming the
 * subject, version or id involved. The factories hold the codes, so each code means one thing.
 */
final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final int errorCode;

    RegistryException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    RegistryException(int status, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    int status() {
        return status;
    }

    int errorCode() {
        return errorCode;
    }

    static RegistryException unauthorized(String reason) {
        return new RegistryException(401, 40101, "Unauthorized: " + reason);
    }

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryException versionNotFound(String subject, int version) {
        return new RegistryException(
                404, 40402, "Version " + version + " of subject '" + subject + "' not found.");
    }

    static RegistryException schemaIdNotFound(String id) {
        return new RegistryException(404, 40403, "Schema " + id + " not found.");
    }

    static RegistryException schemaNotFoundUnderSubject(String subject) {
        return new RegistryException(
                404, 40403, "Schema not found under subject '" + subject + "'.");
    }

    static RegistryException subjectSoftDeleted(String subject) {
        return new RegistryException(
                404,
                40404,
                "Subject '"
                        + subject
                        + "' was soft deleted. Set permanent=true to delete permanently.");
    }

    static RegistryException subjectNotSoftDeleted(String subject) {
        return new RegistryException(
                404,
                40405,
                "Subject '"
                        + subject
                        + "' was not deleted first before being permanently deleted:"
                        + " delete it without permanent=true first.");
    }

    static RegistryException versionSoftDeleted(String subject, int version) {
        return new RegistryException(
                404,
                40406,
                "Version "
                        + version
                        + " of subject '"
                        + subject
                        + "' was soft deleted. Set permanent=true to delete permanently.");
    }

    static RegistryException versionNotSoftDeleted(String subject, int version) {
        return new RegistryException(
                404,
                40407,
                "Version "
                        + version
                        + " of subject '"
                        + subject
                        + "' was not deleted first before being permanently deleted:"
                        + " delete it without permanent=true first.");
    }

    static RegistryException subjectLevelNotConfigured(String subject) {
        return new RegistryException(
                404,
                40408,
                "Subject '"
                        + subject
                        + "' does not have subject-level compatibility configured"
                        + " (add defaultToGlobal=true to get the global level).");
    }

    static RegistryException incompatible(String subject, List<String> details) {
        return new RegistryException(
                409,
                409,
                "Schema being registered is incompatible with an earlier schema for subject \""
                        + subject
                        + "\", details: "
                        + details);
    }

    static RegistryException invalidSchema(String subject, String reason) {
        String where = subject == null ? "" : " for subject '" + subject + "'";
        return new RegistryException(422, 42201, "Invalid schema" + where + ": " + reason);
    }

    static RegistryException invalidVersion(String version) {
        return new RegistryException(
                422,
                42202,
                "The specified version '"
                        + version
                        + "' is not a valid version id. Allowed values are between [1, 2^31-1]"
                        + " and the string \"latest\" (or -1).");
    }

    static RegistryException invalidCompatibilityLevel(String level, String validNames) {
        return new RegistryException(
                422,
                42203,
                "Invalid compatibility level '" + level + "': valid levels are " + validNames);
    }

    static RegistryException malformedRequest(String reason) {
        return new RegistryException(422, 422, "Malformed request: " + reason);
    }

    static RegistryException storeError(String operation, Throwable cause) {
        return new RegistryException(
                500,
                50001,
                "Error while writing to the schemas topic, "
                        + operation
                        + " may not have happened: "
                        + cause.getMessage(),
                cause);
    }
}
