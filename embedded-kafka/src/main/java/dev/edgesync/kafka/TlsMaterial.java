package dev.edgesync.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker's TLS identity: a PKCS12 keystore with its key and certificate, and the certificate as PEM for the
 * clients' trust store ({@code ssl.truststore.type=PEM}).
 *
 * @param keystore         PKCS12 keystore holding the key under alias {@code broker}
 * @param keystorePassword its password (also the key's)
 * @param certificate      the certificate in PEM, what clients trust
 */
public record TlsMaterial(Path keystore, String keystorePassword, Path certificate) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A new self-signed certificate for loopback ({@code 127.0.0.1}, {@code localhost}) and {@code host}, valid
     * for a week, written to {@code dir}. Made by the JDK's own {@code keytool}, so tests need no extra library.
     */
    public static TlsMaterial selfSigned(Path dir, String host) {
        Path keystore = dir.resolve("broker.p12");
        Path pem = dir.resolve("broker-cert.pem");
        String password = randomSecret();
        String san = "SAN=ip:127.0.0.1,dns:localhost" + (host.matches("[0-9.]+") ? ",ip:" : ",dns:") + host;
        keytool(List.of("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + host, "-ext", san, "-validity", "7",
                "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password));
        keytool(List.of("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", password, "-file", pem.toString()));
        return new TlsMaterial(keystore, password, pem);
    }

    /** 24 random bytes, URL-safe base64: safe inside a quoted JAAS option. */
    public static String randomSecret() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public String toString() {
        return "TlsMaterial[keystore=" + keystore + ", certificate=" + certificate + "]";
    }

    private static void keytool(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool " + args.get(0) + " failed: " + out.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool of " + System.getProperty("java.home"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
