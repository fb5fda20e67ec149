package io.kappareplay.consumer.runtime;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the test handler counts, from outside its jar: the handler's class loader finds this class
 * only on the test class path, so the test and the isolated handler share one copy.
 */
public final class HandlerProbe {
    public static final AtomicInteger running = new AtomicInteger();
    public static final AtomicInteger maxRunning = new AtomicInteger();

    /** {@link System#nanoTime()} of every handler call's end since {@link #reset}. */
    private static final ConcurrentLinkedQueue<Long> ends = new ConcurrentLinkedQueue<>();

    private HandlerProbe() {}

    public static void reset() {
        running.set(0);
        maxRunning.set(0);
        ends.clear();
    }

    /** When handler calls ended since {@link #reset}, in nanoTime order. */
    public static List<Long> ends() {
        return ends.stream().sorted().toList();
    }

    public static void enter() {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
    }

    public static void exit() {
        running.decrementAndGet();
        ends.add(System.nanoTime());
    }
}
