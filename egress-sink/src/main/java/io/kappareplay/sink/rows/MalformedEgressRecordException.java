package io.kappareplay.sink.rows;

/**
 * An egress record that does not follow the contract (a lineage header missing or not a number, a
 * null value that is not a 0-output marker): it lands in the DLQ table, not the egress table.
 */
public class MalformedEgressRecordException extends RuntimeException {
    public MalformedEgressRecordException(String message) {
        super(message);
    }
}
