package dev.edgesync.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void cutResetsOpenConnectionsAndRefusesNewOnesUntilRestored() throws IOException {
        Socket open = connect();
        assertThat(roundTrip(open, "a")).isEqualTo("a");
        proxy.cut();
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                roundTrip(open, "b"); // the reset surfaces on the next read or write
            }
        }).isInstanceOf(IOException.class);
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
