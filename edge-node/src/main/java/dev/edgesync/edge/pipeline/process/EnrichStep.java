package dev.edgesync.edge.pipeline.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgesync.edge.reference.ReferenceTables;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Adds site metadata ({@code {"id","region","cloud"}} under a configured field) and rows of reference tables
 * looked up by a field of the event. A lookup that finds no row leaves the event as it is, unless the lookup is
 * required, then the event goes to the dlq.
 */
public final class EnrichStep implements Step {

    /** One lookup: the row of {@code table} whose key is the value at {@code keyPath} is set at {@code target}. */
    public record Lookup(String name, String table, String keyPath, String target, boolean required) {
        public Lookup {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(keyPath, "keyPath");
            Objects.requireNonNull(target, "target");
        }
    }

    private final Optional<String> siteField;
    private final ObjectNode site;
    private final List<Lookup> lookups;
    private final ReferenceTables tables;

    public EnrichStep(Optional<String> siteField, String siteId, String region, String cloud,
                      List<Lookup> lookups, ReferenceTables tables) {
        this.siteField = siteField;
        this.site = PipelineEvent.JSON.createObjectNode().put("id", siteId).put("region", region).put("cloud", cloud);
        this.lookups = List.copyOf(lookups);
        this.tables = tables;
    }

    @Override
    public String name() {
        return "enrich";
    }

    @Override
    public Verdict apply(PipelineEvent event) {
        ObjectNode data;
        try {
            data = event.mutableData();
        } catch (PipelineEvent.NotJsonException e) {
            return Verdict.reject("enrich: " + e.getMessage());
        }
        siteField.ifPresent(f -> JsonPaths.set(data, f, site.deepCopy()));
        for (Lookup l : lookups) {
            JsonNode k = JsonPaths.get(data, l.keyPath());
            Optional<JsonNode> row = k == null || k.isNull() || k.isContainerNode()
                    ? Optional.empty() : tables.get(l.table(), k.asText());
            if (row.isPresent()) {
                JsonPaths.set(data, l.target(), row.get());
            } else if (l.required()) {
                return Verdict.reject("enrich: no row in reference table " + l.table() + " for "
                        + l.keyPath() + "=" + (k == null ? "(missing)" : k.asText()));
            }
        }
        return Verdict.CONTINUE;
    }
}
