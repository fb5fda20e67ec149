package io.kappareplay.consumer.egress;

/** A handler output is not a record of the job's output schema: that input goes to the DLQ. */
public final class OutputSchemaMismatchException extends RuntimeException {
    public OutputSchemaMismatchException(String message) {
        super(message);
    }
}
