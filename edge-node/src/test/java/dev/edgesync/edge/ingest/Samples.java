package dev.edgesync.edge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Events of the retail sample (a few lines copied into test resources), given fresh ids per use. */
final class Samples {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> LINES = load();

    private Samples() {
    }

    /** The {@code n}-th sample event of {@code stream} (0..2), with a unique id. */
    static ObjectNode event(String stream, int n) {
        int seen = 0;
        for (JsonNode line : LINES) {
            if (line.get("stream").asText().equals(stream) && seen++ == n) {
                ObjectNode e = line.get("event").deepCopy();
                e.put("id", e.get("id").asText() + "-" + UUID.randomUUID());
                return e;
            }
        }
        throw new IllegalArgumentException("no sample event " + n + " of " + stream);
    }

    static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> load() {
        try (InputStream in = Samples.class.getResourceAsStream("/retail-sample-events.jsonl");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<JsonNode> out = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
