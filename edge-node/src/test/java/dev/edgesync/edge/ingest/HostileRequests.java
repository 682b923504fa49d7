package dev.edgesync.edge.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates requests for the ingest API from a seed: valid batches, and batches, bodies, headers and paths broken
 * in the ways clients and attackers break them. Each case knows whether the edge must accept it whole.
 */
final class HostileRequests {

    /** One request and what it must do: {@code validEvents} > 0 means accepted whole, 0 means refused whole. */
    record Case(String description, String method, String path, Map<String, String> headers, byte[] body,
                int validEvents) {
        boolean mustAccept() {
            return validEvents > 0;
        }
    }

    private static final String[] STREAMS = {"sales", "payments", "telemetry", "stock"};
    private static final String[] BAD_STREAMS = {"nope", "SALES", "raw.sales", "..", "sales%2Fx", "a".repeat(300)};
    private static final int KINDS = 15;

    private final Random random;
    private final String runId;
    private final int maxBatch;
    private final int maxBody;
    private long next;

    HostileRequests(long seed, int maxBatch, int maxBody) {
        this.random = new Random(seed);
        this.runId = Long.toHexString(seed) + "-" + System.nanoTime();
        this.maxBatch = maxBatch;
        this.maxBody = maxBody;
    }

    Case next() {
        String stream = STREAMS[random.nextInt(STREAMS.length)];
        String path = "/v1/streams/" + stream + "/events";
        int kind = random.nextInt(KINDS);
        return switch (kind) {
            case 0, 1 -> {
                int n = 1 + random.nextInt(maxBatch);
                yield batch("valid batch of " + n, path, validEvents(n), n);
            }
            case 2 -> new Case("valid structured event", "POST", path,
                    Map.of("Content-Type", CloudEventParser.STRUCTURED_TYPE), utf8(validEvent()), 1);
            case 3 -> validBinary(path);
            case 4 -> {
                List<String> events = validEvents(1 + random.nextInt(maxBatch));
                int bad = random.nextInt(events.size());
                events.set(bad, brokenEvent());
                yield batch("batch with one broken event at " + bad, path, events, 0);
            }
            case 5 -> new Case("malformed JSON", "POST", path, Map.of("Content-Type", CloudEventParser.BATCH_TYPE),
                    utf8(truncate("[" + String.join(",", validEvents(3)) + "]")), 0);
            case 6 -> new Case("random bytes", "POST", path, Map.of("Content-Type", randomContentType()), randomBytes(), 0);
            case 7 -> {
                int depth = 65 + random.nextInt(5000);
                yield batch("data nested " + depth + " deep", path,
                        List.of("{\"specversion\":\"1.0\",\"id\":\"" + id() + "\",\"source\":\"/f\",\"type\":\"t\",\"data\":"
                                + "[".repeat(depth) + "]".repeat(depth) + "}"), 0);
            }
            case 8 -> batch("too many events", path, validEvents(maxBatch + 1 + random.nextInt(50)), 0);
            case 9 -> new Case("body over the limit", "POST", path, Map.of("Content-Type", CloudEventParser.BATCH_TYPE),
                    utf8("[{\"specversion\":\"1.0\",\"id\":\"" + id() + "\",\"source\":\"/f\",\"type\":\"t\","
                            + "\"data\":{\"pad\":\"" + "x".repeat(maxBody) + "\"}}]"), 0);
            case 10 -> batch("unknown or odd stream", "/v1/streams/" + BAD_STREAMS[random.nextInt(BAD_STREAMS.length)]
                    + "/events", validEvents(1), 0);
            case 11 -> hostileBinary(path);
            case 13 -> invalidUtf8(path);
            case 12 -> new Case("not a CloudEvents media type", "POST", path,
                    Map.of("Content-Type", random.nextBoolean() ? "text/plain" : "application/xml"), utf8(validEvent()), 0);
            default -> new Case("batch with a non-object element", "POST", path,
                    Map.of("Content-Type", CloudEventParser.BATCH_TYPE),
                    utf8("[" + validEvent() + "," + (random.nextBoolean() ? "42" : "\"x\"") + "]"), 0);
        };
    }

    private Case batch(String description, String path, List<String> events, int valid) {
        return new Case(description, "POST", path, Map.of("Content-Type", CloudEventParser.BATCH_TYPE),
                utf8("[" + String.join(",", events) + "]"), valid);
    }

    private List<String> validEvents(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(validEvent());
        }
        return out;
    }

    private String id() {
        return "fz-" + runId + "-" + (next++);
    }

    private String validEvent() {
        String data = switch (random.nextInt(3)) {
            case 0 -> "\"data\":{\"sku\":\"SKU-" + random.nextInt(1000) + "\",\"qty\":" + random.nextInt(10)
                    + ",\"price\":" + random.nextInt(10000) / 100.0 + ",\"note\":\"caf\\u00e9 \\\"q\\\" \\ud83d\\ude00\"}";
            case 1 -> "\"data_base64\":\"" + java.util.Base64.getEncoder().encodeToString(randomBytes()) + "\","
                    + "\"datacontenttype\":\"application/octet-stream\"";
            default -> "\"data\":[1,[2,[3,{\"a\":null}]]]";
        };
        return "{\"specversion\":\"1.0\",\"id\":\"" + id() + "\",\"source\":\"/store/till-" + random.nextInt(9)
                + "\",\"type\":\"com.example.sale\",\"time\":\"2026-11-29T10:00:00.123Z\",\"partitionkey\":\"k"
                + random.nextInt(20) + "\"," + data + "}";
    }

    private String brokenEvent() {
        String ok = validEvent();
        return switch (random.nextInt(12)) {
            case 0 -> ok.replaceFirst("\"id\":\"[^\"]*\",", "");
            case 1 -> ok.replace("\"1.0\"", "\"0.3\"");
            case 2 -> ok.replace("2026-11-29T10:00:00.123Z", "yesterday");
            case 3 -> ok.replace("\"source\":\"", "\"source\":\"" + "s".repeat(CloudEventParser.MAX_ATTRIBUTE_CHARS));
            case 4 -> ok.replace("\"partitionkey\"", "\"Bad-Name\"");
            case 5 -> ok.replace("\"type\":\"com.example.sale\"", "\"type\":{\"x\":1}");
            case 6 -> ok.replace("{\"specversion\"", "{\"data_base64\":\"!!!\",\"specversion\"");
            case 7 -> ok.replace("\"source\":\"/store", "\"source\":\"a b/store");
            case 9 -> ok.replace("2026-11-29T10:00:00.123Z", "2026-11-29T10:00Z");   // RFC 3339 needs seconds
            case 10 -> ok.replace("2026-11-29T10:00:00.123Z", "9999-12-31T23:59:59Z"); // past max-time-ahead
            case 11 -> ok.replace("{\"specversion\"", "{\"datacontenttype\":\"xyz\",\"specversion\"");
            default -> ok.replace("{\"specversion\"", "{\"id\":\"dup\",\"specversion\"");
        };
    }

    private Map<String, String> binaryHeaders(String type) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("ce-specversion", "1.0");
        h.put("ce-id", id());
        h.put("ce-type", type);
        return h;
    }

    private Case validBinary(String path) {
        Map<String, String> h = binaryHeaders("com.example.stock");
        h.put("ce-source", "/store/erp");
        h.put("ce-comment", "caf%C3%A9");
        return new Case("valid binary event", "POST", path, h, utf8("{\"sku\":\"S-1\",\"delta\":-1}"), 1);
    }

    private Case hostileBinary(String path) {
        Map<String, String> h = binaryHeaders("t");
        switch (random.nextInt(5)) {
            case 0 -> h.put("ce-source", "s".repeat(30_000)); // over the HTTP server's header limit
            case 1 -> h.put("ce-source", "%ZZ%");             // no source after decoding? still a string: bad URI
            case 2 -> h.put("ce-Weird_Name", "x");
            case 3 -> h.put("ce-subject", "%C3%28");           // percent-escapes that are not UTF-8
            default -> h.remove("ce-type");
        }
        if (!h.containsKey("ce-source")) {
            h.put("ce-source", "/s");
        }
        return new Case("hostile binary headers", "POST", path, h, utf8("{}"), 0);
    }

    /** A valid batch with bytes that are not UTF-8 inside one event's id: refused whole, never repaired. */
    private Case invalidUtf8(String path) {
        List<String> events = validEvents(1 + random.nextInt(maxBatch));
        int bad = random.nextInt(events.size());
        String marker = "\u0001";
        events.set(bad, events.get(bad).replaceFirst("\"id\":\"", "\"id\":\"" + marker));
        byte[] body = utf8("[" + String.join(",", events) + "]");
        byte[][] sequences = {{(byte) 0xff}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
        byte[] seq = sequences[random.nextInt(sequences.length)];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length + 4);
        for (byte b : body) {
            if (b == 1) {
                out.writeBytes(seq);
            } else {
                out.write(b);
            }
        }
        return new Case("batch with invalid UTF-8 in event " + bad, "POST", path,
                Map.of("Content-Type", CloudEventParser.BATCH_TYPE), out.toByteArray(), 0);
    }

    private String truncate(String s) {
        return s.substring(0, 1 + random.nextInt(s.length() - 2));
    }

    private byte[] randomBytes() {
        byte[] b = new byte[random.nextInt(300)];
        random.nextBytes(b);
        return b;
    }

    private String randomContentType() {
        String[] types = {CloudEventParser.BATCH_TYPE, CloudEventParser.STRUCTURED_TYPE, "application/json", ""};
        return types[random.nextInt(types.length)];
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
