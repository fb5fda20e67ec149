package io.kappareplay.consumer.runtime;

import io.kappareplay.schemas.kafka.KafkaCallException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaFuture;

/** Waits for the share-group runtime's Admin calls, bounded, with a message naming the call. */
final class AdminCalls {
    private AdminCalls() {}

    /**
     * @throws KafkaCallException naming {@code operation}, with Kafka's exception as the cause, if
     *     the call failed or did not answer within {@code timeout}
     */
    static <T> T await(KafkaFuture<T> future, Duration timeout, String operation) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new KafkaCallException(
                    "Cannot " + operation + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaCallException(
                    "Cannot " + operation + ": Kafka did not answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaCallException("Interrupted while waiting to " + operation, e);
        }
    }
}
