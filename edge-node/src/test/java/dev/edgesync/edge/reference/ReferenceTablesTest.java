package dev.edgesync.edge.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgesync.edge.pipeline.process.EnrichStep;
import dev.edgesync.edge.pipeline.process.Events;
import dev.edgesync.edge.pipeline.process.PipelineEvent;
import dev.edgesync.edge.pipeline.process.Verdict;
import dev.edgesync.edge.state.StateFamilies;
import dev.edgesync.edge.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferenceTablesTest {

    static final Path PRODUCTS = Path.of("src/test/resources/pipeline/products.csv");

    @TempDir
    Path dir;
    StateStore store;
    ReferenceTables tables;

    @BeforeEach
    void open() {
        store = StateStore.open(dir.resolve("state"), StateFamilies.all(Duration.ofDays(1)));
        tables = new ReferenceTables(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aCsvFileIsLoadedByItsKeyColumnWithQuotedCommas() throws IOException {
        tables.replace("products", ReferenceFiles.read(PRODUCTS, "auto", "sku"));
        assertThat(tables.count("products")).isEqualTo(20);
        JsonNode row = tables.get("products", "SKU-004572").orElseThrow();
        assertThat(row.get("name").asText()).isEqualTo("Product 0, size M");
        assertThat(row.get("category").asText()).isEqualTo("cat-0");
        assertThat(tables.get("products", "SKU-999999")).isEmpty();
        assertThat(tables.get("stores", "SKU-004572")).isEmpty();
    }

    @Test
    void replacingATableDropsRowsNoLongerInItAndLeavesOtherTables() throws IOException {
        Path jsonl = dir.resolve("stores.jsonl");
        Files.writeString(jsonl, "{\"code\":\"s1\",\"city\":\"Leeds\"}\n\n{\"code\":\"s2\",\"city\":\"York\"}\n");
        tables.replace("stores", ReferenceFiles.read(jsonl, "auto", "code"));
        tables.put("products", "p", tables.get("stores", "s1").orElseThrow());
        Files.writeString(jsonl, "{\"code\":\"s2\",\"city\":\"Hull\"}\n");
        tables.replace("stores", ReferenceFiles.read(jsonl, "jsonl", "code"));
        assertThat(tables.get("stores", "s1")).isEmpty();
        assertThat(tables.get("stores", "s2").orElseThrow().get("city").asText()).isEqualTo("Hull");
        assertThat(tables.get("products", "p")).isPresent();
    }

    @Test
    void aRowWithoutKeyFailsNamingTheLine() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "sku,name\nA,a\n,b\n");
        assertThatThrownBy(() -> ReferenceFiles.read(csv, "auto", "sku")).hasMessageContaining("line 3");
    }

    @Test
    void enrichAddsSiteMetadataAndLookedUpRowsAndRejectsMissingRequiredOnes() throws IOException {
        tables.replace("products", ReferenceFiles.read(PRODUCTS, "auto", "sku"));
        EnrichStep step = new EnrichStep(Optional.of("site"), "store-042", "eu-west", "aws",
                List.of(new EnrichStep.Lookup("product", "products", "sku", "product", false)), tables);
        PipelineEvent e = Events.binary(Events.load("pipeline/sales.jsonl").get(0), 0);
        assertThat(step.apply(e)).isEqualTo(Verdict.CONTINUE);
        JsonNode out = Events.tree(e);
        assertThat(out.get("site").toString()).isEqualTo("{\"id\":\"store-042\",\"region\":\"eu-west\",\"cloud\":\"aws\"}");
        assertThat(out.get("product").get("name").asText()).isEqualTo("Product 0, size M");

        ObjectNode unknown = Events.JSON.createObjectNode().put("sku", "SKU-999999");
        PipelineEvent u = Events.data(unknown.toString());
        assertThat(step.apply(u)).isEqualTo(Verdict.CONTINUE);
        assertThat(Events.tree(u).has("product")).isFalse();
        EnrichStep required = new EnrichStep(Optional.empty(), "s", "r", "c",
                List.of(new EnrichStep.Lookup("product", "products", "sku", "product", true)), tables);
        assertThat(required.apply(Events.data(unknown.toString())))
                .isInstanceOfSatisfying(Verdict.Reject.class, r -> assertThat(r.reason()).contains("SKU-999999"));
    }
}
