package io.kappareplay.consumer.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures when the JVM itself did not run, jHiccup's way: a thread that asks to wake every
 * millisecond and notes each wake-up that came late. What it sees late, every thread of the process
 * lost (the OS ran other processes, or a safepoint stopped them all); a gap in the runtime's work
 * that such a hiccup does not explain is the runtime's own.
 */
public final class HiccupMeter {
    /** A stretch of {@link System#nanoTime()} in which the meter's thread did not get to run. */
    public record Hiccup(long fromNanos, long toNanos) {
        public static Hiccup parse(String line) {
            String[] parts = line.trim().split(" ");
            return new Hiccup(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        }

        /** How much of [from, to) this hiccup covers. */
        public long overlap(long from, long to) {
            return Math.max(0, Math.min(to, toNanos) - Math.max(from, fromNanos));
        }
    }

    private static final long LATE_NANOS = 5_000_000L;

    private final List<Hiccup> hiccups = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Starts measuring; the handler's classes may come from a jar of their own (child-first), so
     * this is public, as {@link HandlerProbe} is.
     */
    public HiccupMeter() {
        thread = new Thread(this::measure, "hiccup-meter");
        thread.setDaemon(true);
        thread.start();
    }

    private void measure() {
        long last = System.nanoTime();
        while (running) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            // A wake-up expected 1 ms after the last one: the excess is time nobody ran.
            if (now - last > LATE_NANOS) {
                synchronized (hiccups) {
                    hiccups.add(new Hiccup(last + 1_000_000L, now));
                }
            }
            last = now;
        }
    }

    /** Stops the meter and returns what it saw, in time order. */
    public List<Hiccup> stop() throws InterruptedException {
        running = false;
        thread.join();
        synchronized (hiccups) {
            return List.copyOf(hiccups);
        }
    }
}
