package io.kappareplay.consumer.egress;

/**
 * The job's output schema cannot be used, found at start before any record is consumed: the job has
 * none (no {@code service.output} in the job spec and no {@code ReplayHandler.outputSchema()}),
 * {@code service.output} names a file or registry subject that does not hold one, or the registry
 * refuses the schema under the egress subject {@code kappa.<job>.egress-value} (incompatible with
 * the versions there, or invalid). Each is a problem of the job spec or the handler, which a
 * restart does not fix: {@code ConsumerMain} exits with 2. A registry that cannot be reached is not
 * one of them and keeps its own exception ({@code RegistryUnavailableException}).
 *
 * <p>The message names the job, the subject and the fix:
 *
 * <pre>{@code
 * Job orders-2024-06 has no output schema to register under kappa.orders-2024-06.egress-value: set
 * service.output (avsc or subject) in the job spec, or override ReplayHandler.outputSchema() in the
 * handler
 * }</pre>
 *
 * <p>Not to be confused with {@link OutputSchemaMismatchException}: one output of another schema,
 * which sends only its input to the DLQ.
 */
public final class OutputSchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutputSchemaException(String message) {
        super(message);
    }

    public OutputSchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
