package dev.edgesync.edge.api;

import dev.edgesync.access.ApiKeyHash;
import dev.edgesync.edge.config.ApiConfig;
import dev.edgesync.edge.config.TestConfigs;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ApiSettingsTest {

    private static ApiConfig api(Map<String, String> extra) {
        Map<String, String> p = new HashMap<>(Map.of("edge.site.id", "s1", "edge.streams.sales.partitions", "1"));
        p.putAll(extra);
        return TestConfigs.load(p).api();
    }

    @Test
    void productionRefusesToStartWithoutAnExplicitChoice() {
        assertThat(ApiSettings.problems(api(Map.of()), true)).singleElement().asString()
                .contains("edge.api.auth is not set", "edge.api.auth=none");
        assertThat(ApiSettings.problems(api(Map.of()), false)).isEmpty();
        assertThat(ApiSettings.problems(api(Map.of("edge.api.auth", "none")), true)).isEmpty();
    }

    @Test
    void badKeysAreNamedWithoutEchoingWhatWasPasted() {
        String pasted = "my-secret-key-0123456789abcdef0123";
        var problems = ApiSettings.problems(api(Map.of("edge.api.auth", "api-key",
                "edge.api.keys.till.hash", pasted,
                "edge.api.keys.ops.hash", ApiKeyHash.of("a".repeat(40)),
                "edge.api.keys.ops.scopes", "read,root",
                "edge.api.keys.ops2.hash", ApiKeyHash.of("a".repeat(40)))), true);
        assertThat(problems).hasSize(3)
                .anyMatch(m -> m.startsWith("edge.api.keys.till.hash") && !m.contains(pasted))
                .anyMatch(m -> m.startsWith("edge.api.keys.ops.scopes") && m.contains("'root'"))
                .anyMatch(m -> m.startsWith("edge.api.keys.ops2.hash") && m.contains("same as another"));
        assertThat(ApiSettings.problems(api(Map.of("edge.api.auth", "api-key")), true)).singleElement().asString()
                .contains("no key is configured");
        assertThat(ApiSettings.problems(api(Map.of("edge.api.auth", "basic")), true)).singleElement().asString()
                .contains("edge.api.auth=basic");
    }

    @Test
    void keysBecomeAccessRules() {
        String key = "k".repeat(40);
        var gate = ApiSettings.gate(api(Map.of("edge.api.auth", "api-key", "edge.api.keys.till.hash", ApiKeyHash.of(key),
                "edge.api.keys.till.streams", "sales", "edge.api.keys.till.scopes", "ingest,read",
                "edge.api.keys.till.sources", "/store/till-1,/store/till-1/*")));
        assertThat(gate.enabled()).isTrue();
        assertThat(gate.decide("POST", "/v1/streams/sales/events", Optional.of(key), Optional.empty()).allowed()).isTrue();
        assertThat(gate.decide("POST", "/v1/streams/stock/events", Optional.of(key), Optional.empty()).status())
                .isEqualTo(403);
        assertThat(gate.decide("GET", "/v1/status", Optional.of(key), Optional.empty()).allowed()).isTrue();
        EdgeKey till = gate.decide("GET", "/v1/status", Optional.of(key), Optional.empty()).presentedKey().orElseThrow();
        assertThat(till.maySend("/store/till-1")).isTrue();
        assertThat(till.maySend("/store/till-1/drawer")).isTrue();
        assertThat(till.maySend("/store/till-2")).isFalse();
        assertThat(till.maySend("/store/till-10")).isFalse();

        EdgeKey any = ApiSettings.keys(api(Map.of("edge.api.keys.x.hash", ApiKeyHash.of(key)))).get(0);
        assertThat(any.maySend("anything:at/all")).as("sources default to *").isTrue();
        assertThat(any.mayPostTo("stock")).as("streams default to *").isTrue();
    }

    @Test
    void sourcePatternsAreChecked() {
        var problems = ApiSettings.problems(api(Map.of("edge.api.auth", "api-key",
                "edge.api.keys.till.hash", ApiKeyHash.of("t".repeat(40)),
                "edge.api.keys.till.sources", "/store/till 1")), true);
        assertThat(problems).singleElement().asString().startsWith("edge.api.keys.till.sources:").contains("space");
    }

    @Test
    void noneStillRefusesOddSpellingsButAsksForNoKey() {
        var gate = ApiSettings.gate(api(Map.of("edge.api.auth", "none")));
        assertThat(gate.enabled()).isFalse();
        assertThat(gate.decide("PUT", "/v1/sync/bandwidth", Optional.empty(), Optional.of("application/json")).allowed())
                .isTrue();
        assertThat(gate.decide("GET", "/v1;x/status", Optional.empty(), Optional.empty()).status()).isEqualTo(400);
    }
}
