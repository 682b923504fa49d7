package dev.edgesync.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one TCP proxy of the tests, the demo and the benchmarks: it stands on a loopback port for the link between
 * a client and a broker, counts the bytes it forwards each way, and injects faults: {@link Mode#CUT} (connections
 * reset and new ones refused), {@link Mode#BLACKHOLE} (connections accepted and held, but nothing passes, so
 * clients see only timeouts), mid-stream resets, and optional added latency and a byte-rate cap.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);

    /** What the link does. */
    public enum Mode { PASS, CUT, BLACKHOLE }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();
    private volatile Mode mode = Mode.PASS;
    private volatile long latencyMs;
    private volatile long bytesPerSecond;
    private volatile boolean closed;
    private final Thread acceptor;

    /** A proxy on {@code listenPort} of the loopback (0 for any free port) to a target on the loopback. */
    public FaultProxy(int listenPort, int targetPort) throws IOException {
        this(listenPort, InetAddress.getLoopbackAddress().getHostAddress(), targetPort);
    }

    /** A proxy on {@code listenPort} of the loopback (0 for any free port) to {@code targetHost:targetPort}. */
    public FaultProxy(int listenPort, String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
        acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public Mode mode() {
        return mode;
    }

    /** Bytes forwarded from clients toward the target so far: what the client put on the wire. */
    public long bytesUp() {
        return bytesUp.get();
    }

    /** Bytes forwarded from the target back to clients so far. */
    public long bytesDown() {
        return bytesDown.get();
    }

    /** Bytes forwarded in both directions so far. */
    public long bytesForwarded() {
        return bytesUp.get() + bytesDown.get();
    }

    /** Cuts the link: every open connection is reset and new ones are closed at once. */
    public void cut() {
        mode = Mode.CUT;
        resetAll();
        LOG.info("link {} -> {}:{} CUT", port(), targetHost, targetPort);
    }

    /** Black-holes the link: connections stay open but no byte passes in either direction. */
    public void blackhole() {
        mode = Mode.BLACKHOLE;
        LOG.info("link {} -> {}:{} BLACK-HOLED", port(), targetHost, targetPort);
    }

    /** Restores the link; connections held by a black hole are reset so clients reconnect cleanly. */
    public void restore() {
        if (mode == Mode.BLACKHOLE) {
            resetAll();
        }
        mode = Mode.PASS;
        LOG.info("link {} -> {}:{} RESTORED", port(), targetHost, targetPort);
    }

    /** Resets every open connection mid-stream, leaving the link up for new ones. */
    public void resetAll() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    /** Adds this delay before each chunk is forwarded, in each direction; 0 for none. */
    public void latencyMs(long ms) {
        this.latencyMs = ms;
    }

    /** Caps each direction of each connection to this many bytes per second; 0 for no cap. */
    public void throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Stops accepting and cuts every connection. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        // The JDK releases a listening socket only once the thread blocked in accept() has returned: wait for it,
        // so the port is free (and nothing more is accepted) when close returns.
        if (Thread.currentThread() != acceptor) {
            try {
                acceptor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        resetAll();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("proxy accept failed: {}", e.toString());
                }
                return;
            }
            if (closed || mode == Mode.CUT) {
                reset(client);
                continue;
            }
            try {
                client.setTcpNoDelay(true);
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, "up", bytesUp);
                pump(upstream, client, "down", bytesDown);
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    private void pump(Socket from, Socket to, String direction, AtomicLong counter) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (mode != Mode.PASS) {
                        continue; // black hole: swallow what arrives, send nothing
                    }
                    delay(n);
                    // counted before the write, so whoever receives these bytes also sees them counted
                    counter.addAndGet(n);
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // a reset or close ends the pump; the other direction follows
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "fault-proxy-" + direction + "-" + port());
        t.setDaemon(true);
        t.start();
    }

    private void delay(int bytes) throws InterruptedException {
        long wait = latencyMs;
        long cap = bytesPerSecond;
        if (cap > 0) {
            wait += bytes * 1000L / cap;
        }
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // RST instead of FIN: what a dropped link looks like to the client
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(s);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c instanceof Socket s && !s.isClosed()) {
                s.setSoLinger(true, 0);
            }
            c.close();
        } catch (Exception ignored) {
            // nothing left to do with a broken socket
        }
    }
}
