package dev.edgesync.edge.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the JSON of {@code GET /v1/status} into a {@link StatusSample}. Reads it as a tree, by field name,
 * so that fields added to the status later (bytes, buffer) are picked up when present and missing ones are
 * null, without this class depending on the status classes' exact shape.
 */
public final class StatusSamples {

    private StatusSamples() {
    }

    public static StatusSample of(JsonNode status, Instant at) {
        String link = status.path("link").path("state").asText(null);
        Map<String, StatusSample.Stream> streams = new TreeMap<>();
        status.path("streams").fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            streams.put(e.getKey(), new StatusSample.Stream(s.path("backlog").asLong(0), longOrNull(s.get("backlogBytes"))));
        });
        return new StatusSample(at, link, streams, longOrNull(status.path("buffer").get("usedBytes")));
    }

    private static Long longOrNull(JsonNode n) {
        return n != null && n.isNumber() ? n.asLong() : null;
    }
}
