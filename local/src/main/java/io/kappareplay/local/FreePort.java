package io.kappareplay.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A loopback port nobody listens on right now. The broker must know its ports before it starts (its
 * controller quorum is configured by address), so they are picked here; another process could take
 * one in between, in which case the broker fails to bind and says so in its log.
 */
final class FreePort {
    private FreePort() {}

    static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    /** {@code requested}, or a free port when it is 0. */
    static int orFree(int requested) {
        return requested == 0 ? pick() : requested;
    }
}
