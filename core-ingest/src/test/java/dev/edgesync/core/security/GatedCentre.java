package dev.edgesync.core.security;

import dev.edgesync.access.ApiKeyHash;
import dev.edgesync.kafka.TlsMaterial;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * core-ingest as docs/security.md deploys it: API keys (one per scope), HTTPS only through Quarkus' TLS registry,
 * against the secured centre of {@link SecuredCentreResource} (SCRAM, ACLs, credentials managed by core-ingest).
 */
public class GatedCentre implements QuarkusTestProfile {

    /** Keys as clients send them; the configuration holds only their hashes. */
    static final String READER = "reader-0123456789abcdef0123456789abcdef";
    static final String ONBOARDER = "onboarder-0123456789abcdef0123456789abcdef";
    static final String DOWNLINKER = "downlinker-0123456789abcdef0123456789abcdef";
    static final String UNKNOWN = "unknown-0123456789abcdef0123456789abcdef";
    static final int MAX_SITES = 8;
    static final TlsMaterial TLS = tls();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("core.api.auth", "api-key"),
                Map.entry("core.api.keys.reader.hash", ApiKeyHash.of(READER)),
                Map.entry("core.api.keys.reader.scopes", "read"),
                Map.entry("core.api.keys.onboarder.hash", ApiKeyHash.of(ONBOARDER)),
                Map.entry("core.api.keys.onboarder.scopes", "onboard,read"),
                Map.entry("core.api.keys.downlinker.hash", ApiKeyHash.of(DOWNLINKER)),
                Map.entry("core.api.keys.downlinker.scopes", "downlink"),
                Map.entry("core.onboarding.max-sites", String.valueOf(MAX_SITES)),
                Map.entry("quarkus.tls.key-store.p12.path", TLS.keystore().toString()),
                Map.entry("quarkus.tls.key-store.p12.password", TLS.keystorePassword()),
                Map.entry("quarkus.http.insecure-requests", "disabled"),
                Map.entry("quarkus.http.test-ssl-port", "0"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(SecuredCentreResource.class));
    }

    private static TlsMaterial tls() {
        try {
            return TlsMaterial.selfSigned(Files.createTempDirectory("core-https-it"), "localhost");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
