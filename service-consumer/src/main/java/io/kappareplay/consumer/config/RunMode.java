package io.kappareplay.consumer.config;

/**
 * When a consumer instance is done: {@code kappa.consumer.mode}.
 *
 * <pre>{@code
 * --mode continuous   # KAPPA_CONSUMER_MODE=continuous
 * }</pre>
 */
public enum RunMode {
    /** One replay: the instance exits by itself once the job's ingress is drained. */
    JOB,
    /** Long-running: the instance consumes until it is stopped. */
    CONTINUOUS
}
