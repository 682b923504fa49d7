package dev.edgesync.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free TCP ports, for brokers and servers that must be told their port before they start. */
public final class LocalPorts {

    private LocalPorts() {
    }

    /** A port free on loopback right now (another process may take it before it is used: pick late). */
    public static int free() {
        return free("127.0.0.1");
    }

    /** A port free on {@code host} right now. */
    public static int free(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }
}
