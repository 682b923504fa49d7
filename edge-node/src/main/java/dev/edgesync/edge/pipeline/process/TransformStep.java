package dev.edgesync.edge.pipeline.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reshapes the data, in this order: rename fields, set fields, drop fields, then project to a declared subset
 * (only the listed paths are kept). Paths are dotted ({@code customer.name}). A set value that parses as JSON is
 * written as that JSON value ({@code 3}, {@code true}, {@code {"a":1}}), any other text as a string.
 */
public final class TransformStep implements Step {

    private final Map<String, String> rename;
    private final Map<String, JsonNode> set;
    private final List<String> drop;
    private final List<String> project;

    public TransformStep(Map<String, String> rename, Map<String, String> set, List<String> drop, List<String> project) {
        this.rename = new LinkedHashMap<>(rename);
        this.set = new LinkedHashMap<>();
        set.forEach((k, v) -> this.set.put(k, literal(v)));
        this.drop = List.copyOf(drop);
        this.project = List.copyOf(project);
    }

    static JsonNode literal(String v) {
        try {
            JsonNode n = PipelineEvent.JSON.readTree(v);
            return n == null || n.isMissingNode() ? TextNode.valueOf(v) : n;
        } catch (IOException e) {
            return TextNode.valueOf(v);
        }
    }

    @Override
    public String name() {
        return "transform";
    }

    @Override
    public Verdict apply(PipelineEvent event) {
        ObjectNode data;
        try {
            data = event.mutableData();
        } catch (PipelineEvent.NotJsonException e) {
            return Verdict.reject("transform: " + e.getMessage());
        }
        rename.forEach((from, to) -> {
            JsonNode v = JsonPaths.remove(data, from);
            if (v != null) {
                JsonPaths.set(data, to, v);
            }
        });
        set.forEach((path, v) -> JsonPaths.set(data, path, v.deepCopy()));
        drop.forEach(path -> JsonPaths.remove(data, path));
        if (!project.isEmpty()) {
            ObjectNode kept = data.objectNode();
            for (String path : project) {
                JsonNode v = JsonPaths.get(data, path);
                if (v != null) {
                    JsonPaths.set(kept, path, v);
                }
            }
            data.removeAll();
            data.setAll(kept);
        }
        return Verdict.CONTINUE;
    }
}
