package io.kappareplay.consumer.dispatch;

/**
 * Whether the in-flight record limit adapts to the handler's latency: {@code
 * kappa.consumer.adaptive-concurrency}.
 *
 * <pre>{@code
 * --adaptive-concurrency gradient   # KAPPA_CONSUMER_ADAPTIVE_CONCURRENCY=gradient
 * }</pre>
 */
public enum AdaptiveConcurrencyMode {
    /** The limit stays at {@code max-in-flight}. The default. */
    OFF,
    /**
     * {@link AdaptiveConcurrency}: the limit falls when the handler's latency rises and climbs back
     * when it recovers, between a minimum and {@code max-in-flight}.
     */
    GRADIENT
}
