package dev.edgesync.edge.pipeline.process;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedactStepTest {

    static final byte[] SECRET = "test-site-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @Test
    void removesNamedFieldsAndReplacesOthersByTheirHmac() {
        JsonNode ce = Events.load("pipeline/sales.jsonl").get(0);
        assertThat(ce.get("data").get("customer").get("loyaltyId").asText()).isEqualTo("L98828432");
        PipelineEvent e = Events.binary(ce, 0);
        RedactStep step = new RedactStep(List.of("customer.email", "customer.name", "customer.phone"),
                List.of("customer.loyaltyId"), SECRET);
        assertThat(step.apply(e)).isEqualTo(Verdict.CONTINUE);
        JsonNode out = Events.tree(e);
        assertThat(out.get("customer").has("email")).isFalse();
        assertThat(out.get("customer").has("name")).isFalse();
        assertThat(out.get("customer").has("phone")).isFalse();
        // HMAC-SHA256(secret, "L98828432"), computed independently (Python hmac module).
        assertThat(out.get("customer").get("loyaltyId").asText())
                .isEqualTo("068123a3037d032ee5bc42f3fb54fe6b13d641cdd5fab73ceff766955b2bdd0b");
        assertThat(out.get("basketId").asText()).isEqualTo(ce.get("data").get("basketId").asText());
        assertThat(new String(e.value(), StandardCharsets.UTF_8)).doesNotContain("example.com").doesNotContain("L98828432");
    }

    @Test
    void aMissingOrNullFieldStaysAsItIs() {
        RedactStep step = new RedactStep(List.of("customer.email"), List.of("customer.loyaltyId"), SECRET);
        PipelineEvent e = Events.data("{\"customer\":null,\"sku\":\"S\"}");
        assertThat(step.apply(e)).isEqualTo(Verdict.CONTINUE);
        assertThat(Events.tree(e).toString()).isEqualTo("{\"customer\":null,\"sku\":\"S\"}");
    }

    @Test
    void theSameValueGivesTheSameHashAndAnotherSecretAnotherOne() {
        RedactStep a = new RedactStep(List.of(), List.of("id"), SECRET);
        RedactStep b = new RedactStep(List.of(), List.of("id"), "another-secret-of-sixteen+".getBytes(StandardCharsets.UTF_8));
        assertThat(a.hmac("x")).isEqualTo(a.hmac("x")).isNotEqualTo(b.hmac("x")).hasSize(64);
        assertThatThrownBy(() -> new RedactStep(List.of(), List.of("id"), null)).hasMessageContaining("secret");
    }
}
