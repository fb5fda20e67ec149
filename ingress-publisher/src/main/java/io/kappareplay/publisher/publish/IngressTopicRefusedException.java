package io.kappareplay.publisher.publish;

/**
 * The job's ingress topic cannot be published to as it is: it holds committed records already (a
 * second run would append a second copy of the snapshot), a transaction is open on it, or it has
 * another partition count than the job's. Permanent; the message says how to proceed, usually with
 * {@code kappa.publisher.replace=true}.
 */
public final class IngressTopicRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String topic;

    public IngressTopicRefusedException(String topic, String message) {
        super(message);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
