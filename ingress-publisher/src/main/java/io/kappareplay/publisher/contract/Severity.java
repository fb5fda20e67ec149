package io.kappareplay.publisher.contract;

/** How much a finding of the pre-flight reconciliation matters to the rows. */
public enum Severity {
    /**
     * Every row would be rejected, or no record could be built: the job stops before publishing.
     */
    ERROR,
    /** Some rows may be rejected, or lose the precision the finding names; publishing goes on. */
    WARNING,
    /** Nothing is lost; said so that the user sees how a field is filled. */
    INFO
}
