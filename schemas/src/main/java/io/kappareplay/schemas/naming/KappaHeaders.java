package io.kappareplay.schemas.naming;

/**
 * Names of the Kafka record headers Kappa Replay writes; every value is UTF-8 text.
 *
 * <pre>{@code
 * record.headers().add(KappaHeaders.JOB, jobId.getBytes(StandardCharsets.UTF_8));
 * }</pre>
 */
public final class KappaHeaders {

    /** The job id, on every record. */
    public static final String JOB = "kappa.job";

    /** The point-in-time instant of the snapshot (ISO-8601), on every record. */
    public static final String SNAPSHOT = "kappa.snapshot";

    /** The identity of the source row, on every record. */
    public static final String LINEAGE = "kappa.lineage";

    /** The ingress partition of the input, on egress and DLQ records. */
    public static final String INGRESS_PARTITION = "kappa.ingress.partition";

    /** The ingress offset of the input, on egress and DLQ records. */
    public static final String INGRESS_OFFSET = "kappa.ingress.offset";

    /** How many times the handler was tried on the input, on egress and DLQ records. */
    public static final String ATTEMPTS = "kappa.attempts";

    /** The position of this output among the outputs of one input (0-based), on egress records. */
    public static final String OUTPUT_INDEX = "kappa.output.index";

    /**
     * How many outputs the input produced, on egress records; 0 on the one null-valued record an
     * input without outputs leaves.
     */
    public static final String OUTPUT_COUNT = "kappa.output.count";

    /** The class of the exception that sent the input to the DLQ. */
    public static final String ERROR_CLASS = "kappa.error.class";

    /** The message of the exception that sent the input to the DLQ. */
    public static final String ERROR_MESSAGE = "kappa.error.message";

    /** Where the input failed: {@code deserialize}, {@code handle} or {@code produce}. */
    public static final String ERROR_STAGE = "kappa.error.stage";

    /** The HTTP status, when an HTTP handler failed. */
    public static final String ERROR_HTTP_STATUS = "kappa.error.http-status";

    private KappaHeaders() {}
}
