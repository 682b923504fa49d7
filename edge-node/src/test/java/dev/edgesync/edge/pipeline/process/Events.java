package dev.edgesync.edge.pipeline.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Retail sample events (copied into test resources) as the processors see them. */
public final class Events {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    /** Structured CloudEvents of a resource file (one JSON per line). */
    public static List<JsonNode> load(String resource) {
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Events.class.getClassLoader().getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A structured CloudEvent in binary mode: ce_* headers, partitionkey as key, data as value. */
    public static PipelineEvent binary(JsonNode ce, int partition) {
        RecordHeaders h = new RecordHeaders();
        Iterator<Map.Entry<String, JsonNode>> it = ce.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("data") && !e.getKey().equals("datacontenttype")) {
                h.add("ce_" + e.getKey(), e.getValue().asText().getBytes(StandardCharsets.UTF_8));
            }
        }
        h.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        byte[] key = ce.has("partitionkey") ? ce.get("partitionkey").asText().getBytes(StandardCharsets.UTF_8) : null;
        try {
            return new PipelineEvent(partition, 0, key, JSON.writeValueAsBytes(ce.get("data")), h);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PipelineEvent data(String json) {
        return new PipelineEvent(0, 0, null, json.getBytes(StandardCharsets.UTF_8), new RecordHeaders());
    }

    public static JsonNode tree(PipelineEvent e) {
        try {
            return JSON.readTree(e.value());
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }
}
