package io.kappareplay.local.child;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ends this child JVM when its parent is gone. The launcher keeps the child's standard input open
 * and never writes to it; when the parent exits (even by SIGKILL) the pipe closes and a read
 * returns end-of-stream. The exit runs the JVM's shutdown hooks, so the child still stops cleanly.
 */
public final class ParentWatchdog {
    private ParentWatchdog() {}

    public static void start(String childName) {
        Thread watchdog =
                new Thread(
                        () -> {
                            try {
                                InputStream in = System.in;
                                while (in.read() != -1) {
                                    // The launcher never writes; anything read is ignored.
                                }
                            } catch (IOException e) {
                                // A broken pipe means the same as end-of-stream: the parent is
                                // gone.
                            }
                            System.err.println(childName + ": parent process gone, stopping");
                            System.exit(0);
                        },
                        childName + "-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
