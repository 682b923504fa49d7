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
import java.util.TreeMap;

/**
 * Record format of {@code _core.sites}: JSON values with a version {@code v}; readers ignore fields they do not
 * know, so later versions can add some.
 * <ul>
 *   <li>{@code p/<site>/<stream>/<partition>} → v2 {@code "type":"partition"}: a {@link PartitionProgress}. One
 *       key per landing partition, so relay instances owning different partitions never overwrite each other.</li>
 *   <li>{@code s/<site>} → v2 {@code "type":"site"}: a {@link SiteDeclaration} (onboarding).</li>
 *   <li>{@code r/<site>/<writer>} → v2 {@code "type":"registration"}: a {@link SiteRegistration} (a site's first
 *       record, where onboarding is not required). One key per writing relay instance, so compaction keeps the
 *       earliest registration, the one that counts.</li>
 *   <li>{@code <site>} → v1: per-site totals written by relays of version 1, read as {@link LegacySiteTotals}.</li>
 * </ul>
 * Site and stream ids never contain {@code /}, so the key shapes cannot collide.
 */
public final class SiteCodec {

    static final int VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SiteCodec() {
    }

    public static byte[] key(RegistryEntry e) {
        String k;
        if (e instanceof PartitionProgress p) {
            k = "p/" + p.site() + "/" + p.stream() + "/" + p.partition();
        } else if (e instanceof SiteDeclaration d) {
            k = "s/" + d.site();
        } else if (e instanceof SiteRegistration r) {
            k = "r/" + r.site() + "/" + r.writer();
        } else {
            k = ((LegacySiteTotals) e).site();
        }
        return k.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] value(RegistryEntry e) {
        ObjectNode n = JSON.createObjectNode();
        if (e instanceof PartitionProgress p) {
            n.put("v", VERSION).put("type", "partition");
            n.put("site", p.site()).put("stream", p.stream()).put("partition", p.partition());
            n.put("region", p.region()).put("cloud", p.cloud());
            putInstant(n, "lastSeenMs", p.lastSeen());
            n.put("landed", p.landed()).put("deadLettered", p.deadLettered());
            n.put("nextLandingOffset", p.nextLandingOffset()).put("lastEdgeOffset", p.lastEdgeOffset());
        } else if (e instanceof SiteDeclaration d) {
            n.put("v", VERSION).put("type", "site");
            n.put("site", d.site()).put("region", d.region()).put("cloud", d.cloud());
            ObjectNode streams = n.putObject("streams");
            new TreeMap<>(d.streams()).forEach(streams::put);
            putInstant(n, "onboardedAtMs", d.onboardedAt());
        } else if (e instanceof SiteRegistration r) {
            n.put("v", VERSION).put("type", "registration");
            n.put("site", r.site()).put("region", r.region()).put("cloud", r.cloud()).put("writer", r.writer());
            putInstant(n, "registeredAtMs", r.registeredAt());
        } else if (e instanceof LegacySiteTotals l) {
            n.put("v", 1).put("id", l.site()).put("region", l.region()).put("cloud", l.cloud());
            putInstant(n, "lastSeenMs", l.lastSeen());
            ObjectNode landed = n.putObject("landed");
            new TreeMap<>(l.landed()).forEach(landed::put);
            n.put("deadLettered", l.deadLettered());
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException x) {
            throw new UncheckedIOException("could not encode registry record " + e, x);
        }
    }

    /** Decodes a registry record; throws {@link IllegalArgumentException} on anything malformed or of an unknown version or type. */
    public static RegistryEntry decode(byte[] key, byte[] value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("registry record without key or value");
        }
        JsonNode n;
        try {
            n = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("registry record is not JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("registry record is not a JSON object");
        }
        int v = n.path("v").asInt(-1);
        String k = new String(key, StandardCharsets.UTF_8);
        if (v == 1) {
            Map<String, Long> landed = new HashMap<>();
            n.path("landed").fields().forEachRemaining(e -> landed.put(e.getKey(), e.getValue().asLong()));
            return new LegacySiteTotals(k, text(n, "region"), text(n, "cloud"), instant(n, "lastSeenMs"), landed,
                    n.path("deadLettered").asLong(0));
        }
        if (v != VERSION) {
            throw new IllegalArgumentException("registry record version " + v + " is not supported (reads 1.." + VERSION + ")");
        }
        String type = n.path("type").asText("");
        return switch (type) {
            case "partition" -> new PartitionProgress(required(n, "site"), required(n, "stream"),
                    n.path("partition").asInt(-1), text(n, "region"), text(n, "cloud"), instant(n, "lastSeenMs"),
                    n.path("landed").asLong(0), n.path("deadLettered").asLong(0),
                    n.path("nextLandingOffset").asLong(0), n.path("lastEdgeOffset").asLong(-1));
            case "site" -> {
                Map<String, Integer> streams = new HashMap<>();
                n.path("streams").fields().forEachRemaining(e -> streams.put(e.getKey(), e.getValue().asInt()));
                yield new SiteDeclaration(required(n, "site"), text(n, "region"), text(n, "cloud"), streams,
                        instant(n, "onboardedAtMs"));
            }
            case "registration" -> new SiteRegistration(required(n, "site"), required(n, "region"),
                    required(n, "cloud"), instant(n, "registeredAtMs"), text(n, "writer"));
            default -> throw new IllegalArgumentException("registry record type '" + type + "' is not known");
        };
    }

    private static void putInstant(ObjectNode n, String field, Instant t) {
        if (t == null) {
            n.putNull(field);
        } else {
            n.put(field, t.toEpochMilli());
        }
    }

    private static Instant instant(JsonNode n, String field) {
        JsonNode f = n.get(field);
        return f == null || f.isNull() ? null : Instant.ofEpochMilli(f.asLong());
    }

    private static String required(JsonNode n, String field) {
        String s = text(n, field);
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("registry record has no '" + field + "'");
        }
        return s;
    }

    private static String text(JsonNode n, String field) {
        JsonNode f = n.get(field);
        return f == null || f.isNull() ? null : f.asText();
    }
}
