package io.kappareplay.schemas.kafka;

/** A topic exists with a shape (partition count) other than the one a job needs. */
public final class TopicMismatchException extends RuntimeException {
    private final String topic;

    public TopicMismatchException(String topic, String message) {
        super(message);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
