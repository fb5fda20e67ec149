package io.kappareplay.consumer.retry;

import io.kappareplay.service.api.PermanentHandlerException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a failed attempt means for its record:
 *
 * <table>
 *   <caption>Classification of what an attempt threw</caption>
 *   <tr><th>thrown</th><th>kind</th><th>the runtime</th></tr>
 *   <tr><td>{@link PermanentHandlerException}</td><td>{@link #PERMANENT}</td>
 *       <td>sends the record to the DLQ at once</td></tr>
 *   <tr><td>{@code RetriableHandlerException}, {@link java.util.concurrent.TimeoutException} (a
 *       deadline overrun), {@link InterruptedException} or {@link
 *       java.util.concurrent.CancellationException} (the runtime gave up waiting), any other
 *       exception</td><td>{@link #RETRIABLE}</td>
 *       <td>retries with backoff, up to the budget, then the DLQ</td></tr>
 *   <tr><td>an {@link Error}: {@link OutOfMemoryError}, {@link StackOverflowError}, {@link
 *       LinkageError}...</td><td>{@link #FATAL}</td>
 *       <td>stops without committing the record, so that it is replayed after a restart</td></tr>
 * </table>
 *
 * <p>An {@code Error} is not the record's failure: after one, the JVM's state cannot be trusted (an
 * out-of-memory error may have struck any thread), and a broken handler jar fails every record
 * alike. Sending records to the DLQ then would empty the job into it; stopping shows the problem
 * and loses nothing. The price is that a record that always overflows the stack stops every
 * instance that takes it: a crash loop is loud, a DLQ full of healthy records is not.
 *
 * <p>The concurrency wrappers of an asynchronous handler's failure ({@link CompletionException},
 * {@link ExecutionException}) are looked through; any other exception's cause is not, because the
 * type the handler threw is what it says about the record.
 *
 * <pre>{@code
 * FailureKind.of(new CompletionException(new PermanentHandlerException("unknown sku"))); // PERMANENT
 * }</pre>
 */
public enum FailureKind {
    /** Another attempt may succeed. */
    RETRIABLE,
    /** No attempt will succeed: the handler said so. */
    PERMANENT,
    /** Not a failure of the record: the runtime must stop. */
    FATAL;

    /** The kind of {@code failure}, after {@link #unwrap}. */
    public static FailureKind of(Throwable failure) {
        Throwable thrown = unwrap(failure);
        if (thrown instanceof Error) {
            return FATAL;
        }
        if (thrown instanceof PermanentHandlerException) {
            return PERMANENT;
        }
        return RETRIABLE;
    }

    /**
     * What the handler threw, without the {@link CompletionException} and {@link
     * ExecutionException} around it: the exception to name in the DLQ's error headers.
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable thrown = failure;
        // Bounded, in case of a cause cycle.
        for (int depth = 0; depth < 16; depth++) {
            boolean wrapper =
                    thrown instanceof CompletionException || thrown instanceof ExecutionException;
            if (!wrapper || thrown.getCause() == null) {
                break;
            }
            thrown = thrown.getCause();
        }
        return thrown;
    }
}
