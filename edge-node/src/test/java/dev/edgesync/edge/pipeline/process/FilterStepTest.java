package dev.edgesync.edge.pipeline.process;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterStepTest {

    private final List<JsonNode> sales = Events.load("pipeline/sales.jsonl");

    @Test
    void keepsExactlyTheEventsForWhichTheExpressionIsTrue() {
        FilterStep f = new FilterStep("data.qty >= 2 && data.unitPrice > 10");
        int kept = 0;
        int expected = 0;
        for (JsonNode ce : sales) {
            Verdict v = f.apply(Events.binary(ce, 0));
            boolean want = ce.get("data").get("qty").asLong() >= 2 && ce.get("data").get("unitPrice").asDouble() > 10;
            assertThat(v instanceof Verdict.Continue).as("verdict for %s", ce.get("id")).isEqualTo(want);
            if (!want) {
                assertThat(v).isInstanceOf(Verdict.Drop.class);
            }
            kept += v instanceof Verdict.Continue ? 1 : 0;
            expected += want ? 1 : 0;
        }
        assertThat(kept).isEqualTo(expected).isGreaterThan(0).isLessThan(sales.size());
    }

    @Test
    void seesAttributesKeyNullsAndNestedFields() {
        PipelineEvent e = Events.binary(sales.get(0), 0);
        assertThat(new FilterStep("ce.type == 'com.example.retail.sale.line' && key == 'till-12'").apply(e))
                .isEqualTo(Verdict.CONTINUE);
        assertThat(new FilterStep("has(data.customer.email) && data.customer.email.endsWith('@example.com')").apply(e))
                .isEqualTo(Verdict.CONTINUE);
        JsonNode anonymous = sales.stream().filter(s -> s.get("data").get("customer").isNull()).findFirst().orElseThrow();
        assertThat(new FilterStep("data.customer != null").apply(Events.binary(anonymous, 0))).isInstanceOf(Verdict.Drop.class);
    }

    @Test
    void anExpressionFailingOnAnEventRejectsItInsteadOfDroppingIt() {
        Verdict v = new FilterStep("data.nosuchfield > 1").apply(Events.binary(sales.get(0), 0));
        assertThat(v).isInstanceOfSatisfying(Verdict.Reject.class, r -> assertThat(r.reason()).contains("nosuchfield"));
        assertThat(new FilterStep("data.sku").apply(Events.binary(sales.get(0), 0)))
                .isInstanceOfSatisfying(Verdict.Reject.class, r -> assertThat(r.reason()).contains("not a boolean"));
    }

    @Test
    void aBadExpressionFailsAtConstruction() {
        assertThatThrownBy(() -> new FilterStep("data.qty >")).hasMessageContaining("invalid CEL expression");
        assertThatThrownBy(() -> new FilterStep("unknownVar == 1")).hasMessageContaining("unknownVar");
    }
}
