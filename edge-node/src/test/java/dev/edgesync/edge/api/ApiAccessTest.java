package dev.edgesync.edge.api;

import dev.edgesync.access.ApiKeyHash;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiAccessTest {

    private static final String TILL_KEY = "till-key-0123456789abcdef0123456789";
    private static final String OPS_KEY = "ops-key-0123456789abcdef0123456789ab";
    private static final ApiAccess ACCESS = new ApiAccess(true, List.of(
            new ApiKey("till", ApiKeyHash.of(TILL_KEY), Set.of("sales"), Set.of(Scope.INGEST)),
            new ApiKey("ops", ApiKeyHash.of(OPS_KEY), Set.of(), Set.of(Scope.READ, Scope.ADMIN))));

    private static ApiAccess.Decision decide(String method, String path, String key) {
        return ACCESS.decide(method, path, Optional.ofNullable(key));
    }

    @Test
    void aKeyPostsOnlyToItsStreams() {
        assertThat(decide("POST", "/v1/streams/sales/events", TILL_KEY).allowed()).isTrue();
        ApiAccess.Decision other = decide("POST", "/v1/streams/payments/events", TILL_KEY);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.reason()).contains("'till'", "'payments'").doesNotContain(TILL_KEY);
        assertThat(decide("POST", "/v1/streams/sales/events", OPS_KEY).status()).as("no ingest scope").isEqualTo(403);
    }

    @Test
    void readingAndChangingSettingsNeedTheirScopes() {
        assertThat(decide("GET", "/v1/status", OPS_KEY).allowed()).isTrue();
        assertThat(decide("PUT", "/v1/sync/bandwidth", OPS_KEY).allowed()).isTrue();
        assertThat(decide("GET", "/v1/status", TILL_KEY).status()).isEqualTo(403);
        assertThat(decide("PUT", "/v1/sync/bandwidth", TILL_KEY).reason()).contains("scope 'admin'");
    }

    @Test
    void aMissingOrUnknownKeyIsUnauthenticated() {
        assertThat(decide("GET", "/v1/status", null).status()).isEqualTo(401);
        assertThat(decide("GET", "/v1/status", " ").status()).isEqualTo(401);
        ApiAccess.Decision wrong = decide("POST", "/v1/streams/sales/events", TILL_KEY + "x");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.reason()).doesNotContain(TILL_KEY);
    }

    @Test
    void thePageHealthAndMetricsAreOpenAndNoneOpensEverything() {
        assertThat(decide("GET", "/", null).allowed()).isTrue();
        assertThat(decide("GET", "/status.js", null).allowed()).isTrue();
        assertThat(decide("GET", "/q/health/ready", null).allowed()).isTrue();
        assertThat(new ApiAccess(false, List.of()).decide("POST", "/v1/streams/sales/events", Optional.empty()).allowed())
                .isTrue();
    }

    @Test
    void theStoredFormIsSha256Hex() {
        assertThat(ApiKeyHash.of("abc")).isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKeyHash.FORMAT.matcher(ApiKeyHash.of(TILL_KEY)).matches()).isTrue();
    }
}
