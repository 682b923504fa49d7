package dev.edgesync.edge.api;

import dev.edgesync.access.ApiKeyHash;
import dev.edgesync.kafka.TlsMaterial;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API over HTTPS with the settings docs/security.md gives (Quarkus' TLS registry, plain HTTP disabled): a
 * client that trusts the box's certificate gets its answers and still needs its key; one that does not trust it is
 * refused at the handshake.
 */
@QuarkusTest
@TestProfile(HttpsApiIT.Https.class)
class HttpsApiIT {

    static final TlsMaterial TLS = selfSigned();

    /** A self-signed certificate for localhost, HTTPS only, one API key. */
    public static class Https implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.tls.key-store.p12.path", TLS.keystore().toString(),
                    "quarkus.tls.key-store.p12.password", TLS.keystorePassword(),
                    "quarkus.http.insecure-requests", "disabled",
                    "quarkus.http.test-ssl-port", "0",
                    "edge.api.auth", "api-key",
                    "edge.api.keys.ops.hash", ApiKeyHash.of(ApiAuthIT.OPS),
                    "edge.api.keys.ops.scopes", "read");
        }
    }

    @TestHTTPResource(value = "/v1/status", tls = true)
    URL status;

    @Test
    void theApiAnswersOverTlsToAClientThatTrustsTheBoxAndStillWantsAKey() throws Exception {
        HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(TLS.certificate()))
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create(status.toString().replace("127.0.0.1", "localhost"));
        assertThat(uri.getScheme()).isEqualTo("https");
        HttpResponse<String> ok = trusting.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + ApiAuthIT.OPS).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"site\"");
        assertThat(trusting.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        URI metrics = uri.resolve("/q/metrics");
        assertThat(trusting.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("metrics need a read key over TLS too").isEqualTo(401);
        assertThat(trusting.send(HttpRequest.newBuilder(metrics).header("Authorization", "Bearer " + ApiAuthIT.OPS).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        HttpClient stranger = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> stranger.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (var in = Files.newInputStream(pem)) {
            ks.setCertificateEntry("box", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static TlsMaterial selfSigned() {
        try {
            return TlsMaterial.selfSigned(Files.createTempDirectory("edge-https-it"), "localhost");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
