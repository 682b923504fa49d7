package dev.edgesync.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The link proxy against a loopback echo server: bytes pass and are counted, and each fault does what it says. */
class FaultProxyTest {

    private ServerSocket echo;
    private FaultProxy proxy;

    @BeforeEach
    void setUp() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread e = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // client went away
                        }
                    });
                    e.setDaemon(true);
                    e.start();
                } catch (IOException ignored) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = new FaultProxy(0, "127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void tearDown() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void passesBytesBothWays() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
        }
        assertThat(proxy.bytesForwarded()).isEqualTo(10);
    }

    @Test
    void countsEachDirectionApart() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
            assertThat(roundTrip(s, "!")).isEqualTo("!");
        }
        assertThat(proxy.bytesUp()).as("client to target").isEqualTo(6);
        assertThat(proxy.bytesDown()).as("target to client").isEqualTo(6);
    }

    @Test
    void aProxyToTheLoopbackByPortAlonePassesBytes() throws IOException {
        try (FaultProxy loopback = new FaultProxy(0, echo.getLocalPort());
             Socket s = new Socket("127.0.0.1", loopback.port())) {
            s.setSoTimeout(5_000);
            assertThat(roundTrip(s, "ping")).isEqualTo("ping");
            assertThat(loopback.bytesUp()).isEqualTo(4);
        }
    }

    @Test
    void resetAllBreaksOpenConnectionsButLeavesTheLinkUp() throws IOException {
        Socket open = connect();
        assertThat(roundTrip(open, "a")).isEqualTo("a");
        proxy.resetAll();
        assertBroken(open);
        assertThat(proxy.mode()).isEqualTo(FaultProxy.Mode.PASS);
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "c")).isEqualTo("c");
        }
    }

    @Test
    void closeReleasesTheListeningPort() throws IOException {
        int port = proxy.port();
        proxy.close();
        // Binding the port again proves nothing listens there any more; a connect attempt could not prove it,
        // as a loopback connect to a free ephemeral port can, rarely, connect to itself.
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void cutResetsOpenConnectionsAndRefusesNewOnesUntilRestored() throws IOException {
        Socket open = connect();
        assertThat(roundTrip(open, "a")).isEqualTo("a");
        proxy.cut();
        assertBroken(open);
        try (Socket s = connect()) {
            assertThatThrownBy(() -> roundTrip(s, "c")).isInstanceOf(IOException.class);
        }
        proxy.restore();
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "d")).isEqualTo("d");
        }
    }

    @Test
    void blackholeSwallowsTrafficSoClientsOnlySeeTimeouts() throws IOException {
        proxy.blackhole();
        try (Socket s = connect()) {
            s.setSoTimeout(300);
            assertThatThrownBy(() -> roundTrip(s, "x")).isInstanceOf(SocketTimeoutException.class);
        }
        proxy.restore();
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "y")).isEqualTo("y");
        }
    }

    private static void assertBroken(Socket open) {
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                roundTrip(open, "b"); // the reset surfaces on the next read or write
            }
        }).isInstanceOf(IOException.class);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setSoTimeout(5_000);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes());
        s.getOutputStream().flush();
        byte[] buf = new byte[text.length()];
        int read = 0;
        while (read < buf.length) {
            int n = s.getInputStream().read(buf, read, buf.length - read);
            if (n < 0) {
                throw new IOException("connection closed");
            }
            read += n;
        }
        return new String(buf);
    }
}
