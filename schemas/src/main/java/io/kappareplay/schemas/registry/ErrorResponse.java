package io.kappareplay.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A registry error response, {@code {"error_code": 40401, "message": "Subject 'x' not found."}},
 * and the exception it maps to. A body that is not such JSON (a proxy's HTML page) keeps the HTTP
 * status as its code and the start of the body as its message.
 */
record ErrorResponse(int httpStatus, int errorCode, String message) {
    private static final int MAX_MESSAGE_LENGTH = 500;

    static ErrorResponse parse(int httpStatus, String body, ObjectMapper json) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isObject() && node.has("error_code")) {
                return new ErrorResponse(
                        httpStatus,
                        node.path("error_code").asInt(httpStatus),
                        node.path("message").asText(""));
            }
        } catch (JsonProcessingException e) {
            // Not JSON: fall through to keep the raw body as the message.
        }
        String text = body == null || body.isBlank() ? "(empty response body)" : body.strip();
        if (text.length() > MAX_MESSAGE_LENGTH) {
            text = text.substring(0, MAX_MESSAGE_LENGTH) + "…";
        }
        return new ErrorResponse(httpStatus, httpStatus, text);
    }

    /**
     * Whether the same request may succeed later: server errors, except 501 (the endpoint will
     * never exist), and 429 (rate limited; Confluent Cloud answers it under load). 50001 (store
     * error), 50002 (timeout) and 50003 (forwarding to the leader failed) are included on purpose:
     * Confluent raises them while its Kafka-backed store or leader election is catching up.
     *
     * <p>Retriable does not mean not applied: a 5xx may come after the registry applied the
     * request. Reads, registering (the same schema gets the same id) and setting a level are safe
     * to send again; a delete is not, and {@link RegistryTransport} accepts its "already deleted"
     * answer to such a resend as success.
     */
    boolean retriable() {
        return httpStatus == 429 || (httpStatus >= 500 && httpStatus != 501);
    }

    RegistryException toException(RequestContext request) {
        if (retriable()) {
            return new RegistryUnavailableException(request, httpStatus, errorCode, message);
        }
        switch (errorCode) {
            case 40401:
                return new SubjectNotFoundException(request, httpStatus, errorCode, message);
            case 40402:
                return new VersionNotFoundException(request, httpStatus, errorCode, message);
            case 40403:
                return new SchemaNotFoundException(request, httpStatus, errorCode, message);
            case 40404:
                return new SubjectSoftDeletedException(request, httpStatus, errorCode, message);
            case 42201:
                return new InvalidSchemaException(request, httpStatus, errorCode, message);
            case 42202:
                return new InvalidVersionException(request, httpStatus, errorCode, message);
            case 42203:
                return new InvalidCompatibilityLevelException(
                        request, httpStatus, errorCode, message);
            case 40101:
            case 40301:
                return new UnauthorizedException(request, httpStatus, errorCode, message);
            default:
                break;
        }
        switch (httpStatus) {
            case 401:
            case 403:
                return new UnauthorizedException(request, httpStatus, errorCode, message);
            case 404:
                return new NotFoundException(request, httpStatus, errorCode, message);
            case 409:
                return new IncompatibleSchemaException(request, httpStatus, errorCode, message);
            default:
                return new RegistryException(request, httpStatus, errorCode, message);
        }
    }
}
