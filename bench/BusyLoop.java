package io.kappareplay.bench;

/** A CPU-bound stand-in for a handler's work: the same loop in every runtime the bench compares. */
public final class BusyLoop {
    private static volatile long sink;

    private BusyLoop() {}

    /** Spins {@code iterations} rounds of an xorshift; the result is kept so the JIT cannot drop it. */
    public static void spin(long iterations, long seed) {
        long x = seed | 1;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        sink = x;
    }
}
