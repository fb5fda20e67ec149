package io.kappareplay.schemas.kafka;

/** An Admin call failed or did not answer in time; the cause is Kafka's own exception. */
public final class KafkaCallException extends RuntimeException {
    public KafkaCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
