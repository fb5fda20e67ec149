package io.kappareplay.consumer.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the test handler counts, from outside its jar: the handler's class loader finds this class
 * only on the test class path, so the test and the isolated handler share one copy.
 */
public final class HandlerProbe {
    public static final AtomicInteger running = new AtomicInteger();
    public static final AtomicInteger maxRunning = new AtomicInteger();

    private HandlerProbe() {}

    public static void reset() {
        running.set(0);
        maxRunning.set(0);
    }

    public static void enter() {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
    }

    public static void exit() {
        running.decrementAndGet();
    }
}
