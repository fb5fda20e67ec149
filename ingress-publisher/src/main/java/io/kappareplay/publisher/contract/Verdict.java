package io.kappareplay.publisher.contract;

/** What the pre-flight reconciliation decides for the whole job. */
public enum Verdict {
    /**
     * No finding is an error: rows are coerced one by one, and those that do not fit are rejected.
     */
    PROCEED,
    /**
     * At least one finding is an error, which would reject every row: the job stops before it
     * publishes anything, so that a wrong mapping does not fill the rejects table with the whole
     * source.
     */
    STOP
}
