package dev.edgesync.core.security;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 client over a plain TLS socket that sends the request line exactly as given (lower-case methods,
 * {@code ;}, dot segments, absolute-form targets), which no ordinary client would, and reads one answer.
 */
final class RawHttps {

    /** The status (-1 if the server answered nothing) and the whole answer as text. */
    record Reply(int status, String text) {
    }

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length:\\s*(\\d+)");
    private final SSLContext tls;
    private final int port;

    RawHttps(SSLContext tls, int port) {
        this.tls = tls;
        this.port = port;
    }

    /**
     * @param headers extra header lines, each ending in CRLF (e.g. {@code "Authorization: Bearer k\r\n"})
     */
    Reply send(String method, String target, String headers, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n" + headers
                + (b.length > 0 ? "Content-Length: " + b.length + "\r\n" : "") + "Connection: close\r\n\r\n";
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(b);
            out.flush();
            String text = readAnswer(s.getInputStream());
            int status = text.startsWith("HTTP/1.") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
            return new Reply(status, text);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    /**
     * One answer: its head, then as many body bytes as its Content-Length says (or up to the connection's end), so a
     * server that keeps the connection open for a body it will discard does not hold the test up.
     */
    private static String readAnswer(InputStream in) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
                String text = got.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    Matcher m = CONTENT_LENGTH.matcher(text.substring(0, end));
                    if (m.find() && text.length() - end - 4 >= Integer.parseInt(m.group(1))) {
                        break;
                    }
                }
            }
        } catch (IOException closedMidway) {
            // A refusal may close the connection; what was read is the answer.
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /** A TLS context that trusts exactly the certificate in {@code pem}. */
    static SSLContext trusting(Path pem) {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            try (var in = Files.newInputStream(pem)) {
                ks.setCertificateEntry("core-ingest", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust " + pem, e);
        }
    }
}
