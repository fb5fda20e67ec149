package io.kappareplay.publisher.publish;

/**
 * A task could not publish its Spark partition. Nothing of the partition is visible to a
 * read_committed reader: the transaction was aborted, or a newer attempt of the same partition
 * fenced this one. Retriable as a whole: Spark's retry of the task publishes the partition again
 * under the same transactional id.
 */
public final class PublishFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String job;
    private final int sparkPartition;

    public PublishFailedException(String job, int sparkPartition, String message, Throwable cause) {
        super(message, cause);
        this.job = job;
        this.sparkPartition = sparkPartition;
    }

    public String job() {
        return job;
    }

    public int sparkPartition() {
        return sparkPartition;
    }
}
