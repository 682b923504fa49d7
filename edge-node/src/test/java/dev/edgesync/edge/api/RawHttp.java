package dev.edgesync.edge.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An HTTP/1.1 client on a bare socket: sends the method and request target exactly as given (HTTP clients
 * normalise {@code //}, dot segments, case and absolute forms away) and reads the answer's status and body.
 */
public final class RawHttp {

    public record Answer(int status, String head, String body) {
    }

    private final String host;
    private final int port;

    public RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public Answer send(String method, String target, Map<String, String> headers, byte[] body) {
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(15_000);
            StringBuilder req = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append(':').append(port).append("\r\nConnection: close\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                req.append("Content-Length: ").append(body.length).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            String answer = readAll(s.getInputStream());
            int eol = answer.indexOf("\r\n");
            if (!answer.startsWith("HTTP/1.1 ") || eol < 12) {
                throw new IllegalStateException("not an HTTP answer to " + method + " " + target + ": " + answer);
            }
            int split = answer.indexOf("\r\n\r\n");
            return new Answer(Integer.parseInt(answer.substring(9, 12)), answer.substring(0, Math.max(split, eol)),
                    split < 0 ? "" : answer.substring(split + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                b.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // The server may reset after answering a request whose body it did not read: the answer is in.
            if (b.size() == 0) {
                throw e;
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
