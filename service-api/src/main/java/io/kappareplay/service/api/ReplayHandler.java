package io.kappareplay.service.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.avro.Schema;

/**
 * The one interface a production service's adapter implements to be replayed. The runtime calls
 * {@link #open} once, then {@code handle} (from many worker threads at once) or {@code handleAsync}
 * (from one dispatch thread, with many stages outstanding) for every input record, then {@link
 * #close}.
 *
 * <p>Implement exactly one of the two forms:
 *
 * <ul>
 *   <li>{@link #handle} for a blocking service: the runtime calls it on its worker threads, as many
 *       at once as the job's in-flight limit allows;
 *   <li>{@link #handleAsync} for a non-blocking one: the runtime calls it from its dispatch thread,
 *       so it must return at once with a stage that completes later.
 * </ul>
 *
 * <p>An input yields 0..n outputs. A {@link PermanentHandlerException} sends the input to the dead
 * letter queue at once; a {@link RetriableHandlerException}, or any other exception, is retried
 * with backoff up to the job's retry budget, then goes to the dead letter queue.
 *
 * <p>The runtime finds a handler by the class name in the job spec ({@code service.handler}), or,
 * without one, through {@link java.util.ServiceLoader} ({@code
 * META-INF/services/io.kappareplay.service.api.ReplayHandler} in the handler's jar). A handler
 * needs a public no-argument constructor.
 *
 * <pre>{@code
 * public final class PricingReplayHandler implements ReplayHandler {
 *     private PricingService pricing;                      // the unchanged production library
 *
 *     public void open(HandlerConfig config) {
 *         pricing = PricingService.create(config.properties());
 *     }
 *
 *     public List<ReplayOutput> handle(ReplayInput input, ReplayContext context) {
 *         Quote quote = pricing.quote(Order.from(input.value()), context.snapshotInstant());
 *         return List.of(ReplayOutput.of(quote.toRecord()));
 *     }
 *
 *     public void close() {
 *         pricing.close();
 *     }
 * }
 * }</pre>
 */
public interface ReplayHandler extends AutoCloseable {

    /**
     * Prepares the handler (load rule tables, open clients) before the first record. A failure here
     * stops the runtime with the handler's message: no record is consumed.
     */
    default void open(HandlerConfig config) throws Exception {}

    /**
     * Handles one input, blocking until its outputs are known.
     *
     * @return the outputs, possibly none; never null
     * @throws PermanentHandlerException if the input can never succeed
     * @throws Exception anything else counts as retriable
     */
    default List<ReplayOutput> handle(ReplayInput input, ReplayContext context) throws Exception {
        throw new UnsupportedOperationException(
                getClass().getName() + " implements neither handle nor handleAsync");
    }

    /**
     * Handles one input without blocking. The default runs {@link #handle} in the calling thread;
     * override it (and not {@code handle}) for a service with an asynchronous client.
     *
     * @return a stage completing with the outputs (possibly none, never null), or exceptionally as
     *     {@link #handle} would throw
     */
    default CompletionStage<List<ReplayOutput>> handleAsync(
            ReplayInput input, ReplayContext context) {
        try {
            return CompletableFuture.completedFuture(handle(input, context));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The schema of this handler's outputs, when the handler declares it. The job spec's {@code
     * service.output} wins when both are given; one of the two is required.
     */
    default Optional<Schema> outputSchema() {
        return Optional.empty();
    }

    /**
     * Releases what {@link #open} acquired; called once, when the runtime stops. Records that
     * overran the shutdown timeout may still be running (their worker threads are interrupted,
     * their stages left pending): their results are discarded, and they are replayed later.
     */
    @Override
    default void close() throws Exception {}
}
