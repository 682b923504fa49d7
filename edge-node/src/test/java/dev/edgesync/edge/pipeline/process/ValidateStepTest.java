package dev.edgesync.edge.pipeline.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidateStepTest {

    static final Path SCHEMA = Path.of("src/test/resources/pipeline/sales.schema.json");
    private final ValidateStep step = ValidateStep.fromFile(SCHEMA);

    @Test
    void everyRetailSaleLinePassesTheSchemaUnchanged() {
        List<JsonNode> sales = Events.load("pipeline/sales.jsonl");
        for (JsonNode ce : sales) {
            PipelineEvent e = Events.binary(ce, 0);
            byte[] before = e.value();
            assertThat(step.apply(e)).isEqualTo(Verdict.CONTINUE);
            assertThat(e.value()).isSameAs(before);
        }
    }

    @Test
    void aSaleWithBadFieldsIsRejectedNamingEachFailureAndItsLocation() {
        ObjectNode bad = (ObjectNode) Events.load("pipeline/sales.jsonl").get(0).get("data").deepCopy();
        bad.put("qty", 0);
        bad.remove("sku");
        Verdict v = step.apply(Events.data(bad.toString()));
        assertThat(v).isInstanceOf(Verdict.Reject.class);
        String reason = ((Verdict.Reject) v).reason();
        assertThat(reason).startsWith("validate: ").contains("/qty").contains("sku");
    }

    @Test
    void dataThatIsNotJsonIsRejected() {
        assertThat(step.apply(Events.data("not json"))).isInstanceOfSatisfying(Verdict.Reject.class,
                r -> assertThat(r.reason()).contains("not JSON"));
        assertThat(step.apply(Events.data("[1,2]"))).isInstanceOfSatisfying(Verdict.Reject.class,
                r -> assertThat(r.reason()).contains("not a JSON object"));
    }

    @Test
    void aMissingSchemaFileFailsNamingIt() {
        assertThatThrownBy(() -> ValidateStep.fromFile(Path.of("no/such.json"))).hasMessageContaining("no/such.json");
    }
}
