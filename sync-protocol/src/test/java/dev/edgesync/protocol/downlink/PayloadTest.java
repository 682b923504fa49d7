package dev.edgesync.protocol.downlink;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadTest {

    @Test
    void validReferenceChangesHaveNoProblems() {
        assertThat(ReferenceChange.upsert("products", Map.of("sku-1", Map.of("price", 2)))).extracting(ReferenceChange::problems)
                .asList().isEmpty();
        assertThat(ReferenceChange.delete("products", List.of("sku-1")).problems()).isEmpty();
        assertThat(new ReferenceChange("products", "replace", Map.of(), null, true).problems())
                .as("replace by nothing empties a table when the message says so").isEmpty();
    }

    @Test
    void aReplaceThatWouldEmptyTheTableNeedsAllowEmpty() {
        assertThat(ReferenceChange.replace("products", Map.of()).problems()).singleElement().asString()
                .contains("would empty table 'products'").contains("\"allowEmpty\":true");
        assertThat(new ReferenceChange("products", "replace", Map.of(), null, false).problems()).hasSize(1);
        assertThat(new ReferenceChange("products", "replace", Map.of("k", Map.of()), null, null).problems()).isEmpty();
        assertThat(new ReferenceChange("products", "delete", null, List.of("k"), true).problems())
                .containsExactly("allowEmpty: only with op replace");
    }

    @Test
    void referenceProblemsNameTheField() {
        assertThat(new ReferenceChange("Bad.Table", "upsert", Map.of("k", Map.of()), null, null).problems())
                .containsExactly("table='Bad.Table' is not a valid table name: use 1-63 lower-case letters, digits or '-'");
        assertThat(new ReferenceChange("t", "merge", null, null, null).problems()).singleElement().asString().startsWith("op='merge'");
        assertThat(ReferenceChange.upsert("t", Map.of()).problems()).singleElement().asString().startsWith("rows:");
        assertThat(ReferenceChange.upsert("t", Map.of("k", "not an object")).problems())
                .containsExactly("rows.k: a row must be a JSON object");
        assertThat(ReferenceChange.delete("t", List.of()).problems()).singleElement().asString().startsWith("keys:");
        assertThat(ReferenceChange.delete("t", List.of("")).problems()).singleElement().asString().contains("1-512 characters");
        assertThat(new ReferenceChange("t", "delete", Map.of("k", Map.of()), List.of("k"), null).problems())
                .containsExactly("rows: not allowed with op delete; give keys");
    }

    @Test
    void configAcceptsOnlyRuntimeSafeKeysWithValidValues() {
        assertThat(new ConfigChange(Map.of(RuntimeSettings.MAX_BYTES_PER_SECOND, 65536)).problems()).isEmpty();
        assertThat(new ConfigChange(Map.of(RuntimeSettings.MAX_BYTES_PER_SECOND, "0")).problems()).isEmpty();
        Map<String, Object> unset = new HashMap<>();
        unset.put(RuntimeSettings.MAX_BYTES_PER_SECOND, null);
        assertThat(new ConfigChange(unset).problems()).as("null returns to the local configuration").isEmpty();
        assertThat(new ConfigChange(Map.of("edge.site.id", "x")).problems())
                .singleElement().asString().startsWith("edge.site.id cannot be changed at runtime");
        assertThat(new ConfigChange(Map.of(RuntimeSettings.MAX_BYTES_PER_SECOND, 100)).problems())
                .singleElement().asString().contains("at least 1024");
        assertThat(new ConfigChange(Map.of(RuntimeSettings.MAX_BYTES_PER_SECOND, 1.5)).problems())
                .singleElement().asString().contains("not an integer");
        assertThat(new ConfigChange(null).problems()).singleElement().asString().startsWith("set:");
    }

    @Test
    void runtimeValuesAreNormalised() {
        assertThat(RuntimeSettings.check(RuntimeSettings.MAX_BYTES_PER_SECOND, " 2048 ").value()).contains("2048");
        assertThat(RuntimeSettings.check(RuntimeSettings.MAX_BYTES_PER_SECOND, 4096L).value()).contains("4096");
        assertThat(RuntimeSettings.check(RuntimeSettings.MAX_BYTES_PER_SECOND, null).value()).isEmpty();
    }
}
