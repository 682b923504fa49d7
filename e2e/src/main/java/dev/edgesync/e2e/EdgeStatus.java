package dev.edgesync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/** Reads an edge node's {@code GET /v1/status}: link state and backlog, for progress lines and waits. */
public final class EdgeStatus {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private EdgeStatus() {
    }

    /** The status document, or null when the edge does not answer. */
    public static JsonNode fetch(URI edge) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(edge.resolve("/v1/status"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    public static String linkState(JsonNode status) {
        return status == null ? "unreachable" : status.path("link").path("state").asText("?");
    }

    /** Events held at the edge and not yet committed at the centre, over all streams; -1 if unknown. */
    public static long backlog(JsonNode status) {
        if (status == null) {
            return -1;
        }
        long sum = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("streams").fields(); it.hasNext(); ) {
            sum += it.next().getValue().path("backlog").asLong(0);
        }
        return sum;
    }
}
