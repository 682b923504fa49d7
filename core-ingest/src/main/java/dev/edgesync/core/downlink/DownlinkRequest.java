package dev.edgesync.core.downlink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.edgesync.protocol.downlink.Addressing;
import dev.edgesync.protocol.downlink.ConfigChange;
import dev.edgesync.protocol.downlink.DownlinkKind;
import dev.edgesync.protocol.downlink.ReferenceChange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A checked {@code POST /v1/downlink/{kind}} body: {@code {"target": "*" | {"site"|"region"|"cloud": name, ...},
 * "payload": {...}}}. The payload is checked against the kind's contract ({@link ReferenceChange},
 * {@link ConfigChange}) and kept as sent, so decimals and field order reach the edges unchanged.
 */
public record DownlinkRequest(DownlinkKind kind, Addressing target, byte[] payload) {

    // Unknown fields are refused here (a typo must not be sent to every edge); decimals are not rounded.
    static final ObjectMapper JSON = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Set<String> TARGET_FIELDS = Set.of("site", "region", "cloud");

    /** The body could not be used; {@code problems} name each field. */
    public static final class Invalid extends Exception {
        private final List<String> problems;

        Invalid(List<String> problems) {
            super(String.join("; ", problems), null, false, false);
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** Parses and checks {@code body} for {@code kind}; throws {@link Invalid} listing every problem. */
    public static DownlinkRequest parse(DownlinkKind kind, byte[] body) throws Invalid {
        JsonNode n;
        try {
            n = JSON.readTree(body == null ? new byte[0] : body);
        } catch (JsonProcessingException e) {
            throw new Invalid(List.of("the body is not JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new Invalid(List.of("the body is not JSON: " + e.getMessage()));
        }
        if (n == null || !n.isObject()) {
            throw new Invalid(List.of("the body must be a JSON object {\"target\": ..., \"payload\": {...}}"));
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("target") && !f.equals("payload")) {
                problems.add(f + ": unknown field; the body has target and payload");
            }
        }
        Addressing target = target(n.get("target"), problems);
        JsonNode payload = n.get("payload");
        if (payload == null || !payload.isObject()) {
            problems.add("payload: required, a JSON object");
        } else {
            problems.addAll(payloadProblems(kind, payload));
        }
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        try {
            return new DownlinkRequest(kind, target, JSON.writeValueAsBytes(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a payload just read", e);
        }
    }

    private static Addressing target(JsonNode t, List<String> problems) {
        if (t != null && t.isTextual() && Addressing.ANY.equals(t.asText())) {
            return Addressing.everyone();
        }
        if (t == null || !t.isObject() || t.isEmpty()) {
            problems.add("target: required: \"*\" for every edge, or an object with any of site, region, cloud,"
                    + " e.g. {\"region\":\"eu-west\"}");
            return null;
        }
        for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TARGET_FIELDS.contains(f)) {
                problems.add("target." + f + ": unknown; use site, region or cloud");
            } else if (!t.get(f).isTextual()) {
                problems.add("target." + f + ": must be a name");
            }
        }
        try {
            return new Addressing(text(t, "site"), text(t, "region"), text(t, "cloud"));
        } catch (IllegalArgumentException e) {
            problems.add("target: " + e.getMessage());
            return null;
        }
    }

    private static String text(JsonNode t, String field) {
        JsonNode v = t.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    private static List<String> payloadProblems(DownlinkKind kind, JsonNode payload) {
        try {
            return switch (kind) {
                case REFERENCE -> JSON.treeToValue(payload, ReferenceChange.class).problems();
                case CONFIG -> JSON.treeToValue(payload, ConfigChange.class).problems();
            };
        } catch (JsonProcessingException e) {
            return List.of("payload: " + e.getOriginalMessage());
        }
    }
}
