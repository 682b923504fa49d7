package dev.edgesync.edge.ingest;

import dev.edgesync.edge.problem.ProblemException;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.edgesync.access.Utf8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Reads a structured or batch request body as a JSON tree, strictly (valid UTF-8, no duplicate keys, no trailing
 * tokens, bounded nesting, numbers exact), and writes data back as compact JSON.
 */
final class EventJson {

    /** Deepest JSON nesting accepted in a body: real events are a few levels deep; deeper is an attack on parsers. */
    static final int MAX_NESTING_DEPTH = 64;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // Keep numbers as they were written (money amounts), not as doubles.
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private EventJson() {
    }

    /** The JSON tree of a request body; a malformed-request problem if it is empty, not UTF-8 or not JSON. */
    static JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.malformed("the body is empty; expected JSON");
        }
        if (!Utf8.isValid(body)) {
            // Jackson would let some of it through (e.g. encoded surrogates); nothing is repaired, all is refused.
            throw ProblemException.malformed("the body is not valid UTF-8");
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw ProblemException.malformed("the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw ProblemException.malformed("the body could not be read as JSON: " + e.getMessage());
        }
    }

    /** {@code data} as compact JSON bytes. */
    static byte[] compact(JsonNode data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            JSON.writeValue(out, data);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a parsed JSON tree", e);
        }
    }
}
