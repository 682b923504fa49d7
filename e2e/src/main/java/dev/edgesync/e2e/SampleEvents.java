package dev.edgesync.e2e;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The retail sample (60k CloudEvents of one store) as an endless, numbered event source.
 *
 * <p>Every event gets an {@code e2eseq} extension: its sequence number within its (stream, partition
 * key), so a checker at the far end can tell reordering from loss. Past the end of the sample, the
 * events repeat with a round suffix on their id, so ids stay unique.
 */
public final class SampleEvents {

    public static final String SEQ_EXTENSION = "e2eseq";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> lines;
    private final Map<String, Long> seqByKey = new HashMap<>();
    private long next;

    private SampleEvents(List<JsonNode> lines) {
        this.lines = lines;
    }

    /** Loads the sample shipped with this module. */
    public static SampleEvents retail() {
        try (InputStream raw = SampleEvents.class.getResourceAsStream("/retail-sample.jsonl.gz")) {
            if (raw == null) {
                throw new IllegalStateException("retail-sample.jsonl.gz is missing from the classpath");
            }
            List<JsonNode> lines = new ArrayList<>(60_000);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        lines.add(JSON.readTree(line));
                    }
                }
            }
            return new SampleEvents(lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the retail sample", e);
        }
    }

    public int size() {
        return lines.size();
    }

    /** The next event, numbered and with an id unique across rounds. */
    public synchronized Event next() {
        JsonNode line = lines.get((int) (next % lines.size()));
        long round = next / lines.size();
        next++;
        String stream = line.get("stream").asText();
        ObjectNode event = ((ObjectNode) line.get("event")).deepCopy();
        if (round > 0) {
            event.put("id", event.get("id").asText() + "-r" + round);
        }
        String key = event.hasNonNull("partitionkey") ? event.get("partitionkey").asText() : "";
        long seq = seqByKey.merge(stream + "/" + key, 1L, Long::sum);
        event.put(SEQ_EXTENSION, String.valueOf(seq));
        return new Event(stream, event.get("id").asText(), key, seq, event);
    }

    /** One event as posted. */
    public record Event(String stream, String id, String key, long seq, ObjectNode json) {
    }
}
