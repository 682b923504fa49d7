package dev.edgesync.core.sites;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Value format of {@code _core.sites}: a JSON object with a version {@code v} first, so later
 * versions (watermarks, backlog) can add fields; readers ignore fields they do not know.
 * Key: the site id in UTF-8.
 */
public final class SiteCodec {

    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SiteCodec() {
    }

    public static byte[] encodeKey(String siteId) {
        return siteId.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] encodeValue(SiteRecord s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", VERSION);
        n.put("id", s.id());
        n.put("region", s.region());
        n.put("cloud", s.cloud());
        if (s.lastSeen() == null) {
            n.putNull("lastSeenMs");
        } else {
            n.put("lastSeenMs", s.lastSeen().toEpochMilli());
        }
        ObjectNode landed = n.putObject("landed");
        s.landedSorted().forEach(landed::put);
        n.put("deadLettered", s.deadLettered());
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode site record " + s.id(), e);
        }
    }

    /** Decodes a registry record; throws {@link IllegalArgumentException} on anything malformed or of an unknown version. */
    public static SiteRecord decode(byte[] key, byte[] value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("site record without key or value");
        }
        JsonNode n;
        try {
            n = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("site record is not JSON: " + e.getMessage(), e);
        }
        int v = n.path("v").asInt(-1);
        if (v < 1 || v > VERSION) {
            throw new IllegalArgumentException("site record version " + v + " is not supported (reads 1.." + VERSION + ")");
        }
        String id = new String(key, StandardCharsets.UTF_8);
        Map<String, Long> landed = new HashMap<>();
        n.path("landed").fields().forEachRemaining(e -> landed.put(e.getKey(), e.getValue().asLong()));
        JsonNode seen = n.get("lastSeenMs");
        return new SiteRecord(id, text(n, "region"), text(n, "cloud"),
                seen == null || seen.isNull() ? null : Instant.ofEpochMilli(seen.asLong()),
                landed, n.path("deadLettered").asLong(0));
    }

    private static String text(JsonNode n, String field) {
        JsonNode f = n.get(field);
        return f == null || f.isNull() ? null : f.asText();
    }
}
