package io.kappareplay.consumer.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The latency of the test handler's "dependency", set by the test while the runtime runs: the
 * handler's class loader finds this class only on the test class path (its jar holds just the
 * handler), so the test and the isolated handler share one copy, as with {@link HandlerProbe}.
 */
public final class InjectedLatency {
    private static volatile long millis;
    private static final AtomicLong calls = new AtomicLong();

    private InjectedLatency() {}

    /** Back to no latency and no calls. */
    public static void reset() {
        millis = 0;
        calls.set(0);
    }

    public static void set(long latencyMillis) {
        millis = latencyMillis;
    }

    /** Sleeps for the current latency, as a call to a dependency would take. */
    public static void call() throws InterruptedException {
        calls.incrementAndGet();
        Thread.sleep(millis);
    }

    /** Calls so far: the handler's attempts. */
    public static long calls() {
        return calls.get();
    }
}
