package dev.edgesync.edge.pipeline.process;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TransformStepTest {

    @Test
    void renamesSetsDropsThenProjects() {
        Map<String, String> rename = new LinkedHashMap<>();
        rename.put("cashier", "staff.id");
        rename.put("customer.loyaltyId", "loyalty");
        Map<String, String> set = new LinkedHashMap<>();
        set.put("schema", "2");
        set.put("origin", "till");
        set.put("flags", "{\"edge\":true}");
        TransformStep t = new TransformStep(rename, set, List.of("discount"), List.of());
        PipelineEvent e = Events.binary(Events.load("pipeline/sales.jsonl").get(0), 0);
        assertThat(t.apply(e)).isEqualTo(Verdict.CONTINUE);
        JsonNode out = Events.tree(e);
        assertThat(out.has("cashier")).isFalse();
        assertThat(out.get("staff").get("id").asText()).isEqualTo("E168");
        assertThat(out.get("loyalty").asText()).isEqualTo("L98828432");
        assertThat(out.get("customer").has("loyaltyId")).isFalse();
        assertThat(out.get("schema").isInt()).isTrue();
        assertThat(out.get("origin").asText()).isEqualTo("till");
        assertThat(out.get("flags").get("edge").asBoolean()).isTrue();
        assertThat(out.has("discount")).isFalse();
    }

    @Test
    void projectionKeepsOnlyTheDeclaredPathsNestedOnesIncluded() {
        TransformStep t = new TransformStep(Map.of(), Map.of(), List.of(), List.of("basketId", "sku", "qty", "customer.loyaltyId", "absent"));
        PipelineEvent e = Events.binary(Events.load("pipeline/sales.jsonl").get(0), 0);
        t.apply(e);
        assertThat(Events.tree(e).toString())
                .isEqualTo("{\"basketId\":\"B390344027\",\"sku\":\"SKU-004572\",\"qty\":2,\"customer\":{\"loyaltyId\":\"L98828432\"}}");
    }

    @Test
    void jsonPathsAreCheckedForShape() {
        assertThat(JsonPaths.isValid("customer.email")).isTrue();
        assertThat(JsonPaths.isValid("a..b")).isFalse();
        assertThat(JsonPaths.isValid("")).isFalse();
        assertThat(JsonPaths.isValid("a b")).isFalse();
    }
}
