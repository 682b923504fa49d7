package dev.edgesync.access;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeySettingsTest {

    record Setting(String hash, List<String> scopes) implements ApiKeySettings.KeySetting {
    }

    static List<String> problems(Optional<String> auth, Map<String, Setting> keys, boolean production) {
        return ApiKeySettings.problems("core.api", auth, keys, production,
                s -> List.of("read", "onboard").contains(s) ? Optional.of(s) : Optional.empty(), "read or onboard");
    }

    @Test
    void productionMustChooseAndEveryProblemNamesItsKey() {
        assertThat(problems(Optional.empty(), Map.of(), true)).singleElement().asString().startsWith("core.api.auth is not set");
        assertThat(problems(Optional.empty(), Map.of(), false)).isEmpty();
        assertThat(problems(Optional.of("basic"), Map.of(), true)).singleElement().asString().contains("core.api.auth=basic");
        assertThat(problems(Optional.of("api-key"), Map.of(), true)).singleElement().asString().contains("no key");
        String h = ApiKeyHash.of("k".repeat(40));
        var p = problems(Optional.of("api-key"), Map.of(
                "a", new Setting(h, List.of("read")),
                "b", new Setting(h, List.of("write")),
                "c", new Setting("k".repeat(40), List.of("read"))), true);
        assertThat(p).containsExactly(
                "core.api.keys.b.hash is the same as another key's: give each client its own key",
                "core.api.keys.b.scopes: 'write' is not a scope; use read or onboard",
                "core.api.keys.c.hash is not of the form sha256:<64 lower-case hex digits>; configure the key's hash, never the key itself");
        assertThat(String.join("\n", p)).doesNotContain("k".repeat(40));
    }

    @Test
    void hashIsSha256Hex() {
        assertThat(ApiKeyHash.of("abc")).isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
