package dev.edgesync.edge.ingest;

import dev.edgesync.edge.problem.Problem;
import dev.edgesync.edge.problem.ProblemException;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads CloudEvents 1.0 from the three modes of the HTTP binding and validates them.
 *
 * <p>Rules (CloudEvents 1.0 core, JSON format, HTTP binding):
 * <ul>
 *   <li>specversion must be "1.0"; id, source and type must be non-empty strings; source a URI-reference;
 *       time, if present, an RFC 3339 timestamp with seconds, and not further ahead of the box's clock than the
 *       caller allows; dataschema, if present, an absolute URI; datacontenttype, if present, a media type
 *       (RFC 2046: type/subtype with parameters).</li>
 *   <li>Attribute and extension names are lower-case ASCII letters and digits. In structured mode an
 *       extension may be a JSON string, integer (32 bits, as CloudEvents' Integer) or boolean and is kept as its
 *       string form; a JSON null means the attribute is absent.</li>
 *   <li>Text is well-formed Unicode: a JSON body or JSON/text data that is not valid UTF-8, a string with an
 *       unpaired surrogate escape, or a {@code ce-} header with raw non-ASCII or percent-escapes that are not
 *       UTF-8, is refused rather than repaired with U+FFFD (two spellings of one id must never meet).</li>
 *   <li>Structured data: {@code data} is serialized back as compact JSON when the content type is JSON
 *       or absent (then it becomes application/json); a JSON string with a non-JSON content type is the
 *       text itself; {@code data_base64} is decoded; both at once is an error.</li>
 *   <li>Binary mode: {@code ce-*} headers are the attributes (percent-decoded), Content-Type is
 *       datacontenttype and the body is the data.</li>
 * </ul>
 *
 * <p>This class chooses the mode and reports problems as HTTP problems; {@link BinaryModeReader},
 * {@link StructuredEventReader} and {@link EventJson} read the modes, {@link AttributeRules} and {@link MediaTypes}
 * hold the rules every mode shares.
 */
public final class CloudEventParser {

    public static final String STRUCTURED_TYPE = "application/cloudevents+json";
    public static final String BATCH_TYPE = "application/cloudevents-batch+json";
    public static final String DEFAULT_DATA_TYPE = "application/json";

    /** Longest attribute value accepted; ids, sources and types are short, and every attribute becomes a Kafka header. */
    public static final int MAX_ATTRIBUTE_CHARS = AttributeRules.MAX_ATTRIBUTE_CHARS;
    /** Most attributes (required, optional and extensions) on one event. */
    public static final int MAX_ATTRIBUTES = AttributeRules.MAX_ATTRIBUTES;
    /** Deepest JSON nesting accepted in a body: real events are a few levels deep; deeper is an attack on parsers. */
    public static final int MAX_NESTING_DEPTH = EventJson.MAX_NESTING_DEPTH;

    /** No upper bound on {@code time}: for callers that do not check it (benchmarks, tools). */
    public static final Instant NO_BOUND = Instant.MAX;

    /** How a request carries its events. */
    public enum Mode { BINARY, STRUCTURED, BATCH }

    private CloudEventParser() {
    }

    /** The mode of a request, or empty when it is none of the three (answer 415). */
    public static Optional<Mode> mode(String contentType, boolean hasSpecVersionHeader) {
        String media = MediaTypes.mediaType(contentType);
        if (STRUCTURED_TYPE.equals(media)) {
            return Optional.of(Mode.STRUCTURED);
        }
        if (BATCH_TYPE.equals(media)) {
            return Optional.of(Mode.BATCH);
        }
        return hasSpecVersionHeader ? Optional.of(Mode.BINARY) : Optional.empty();
    }

    /**
     * A binary-mode event.
     *
     * @param ceHeaders the {@code ce-} headers, name without the prefix (any case) to raw header value
     * @param contentType the Content-Type header, or null
     */
    public static CloudEvent parseBinary(Map<String, String> ceHeaders, String contentType, byte[] body) {
        return parseBinary(ceHeaders, contentType, body, NO_BOUND);
    }

    /** As {@link #parseBinary(Map, String, byte[])}, refusing a {@code time} after {@code latestTime}. */
    public static CloudEvent parseBinary(Map<String, String> ceHeaders, String contentType, byte[] body,
                                         Instant latestTime) {
        try {
            return BinaryModeReader.read(ceHeaders, contentType, body, latestTime);
        } catch (InvalidEventException e) {
            throw ProblemException.invalidEvents(List.of(new Problem.EventError(0, e.getMessage())));
        }
    }

    /** One structured-mode event from a request body. */
    public static CloudEvent parseStructured(byte[] body) {
        return parseStructured(body, NO_BOUND);
    }

    /** As {@link #parseStructured(byte[])}, refusing a {@code time} after {@code latestTime}. */
    public static CloudEvent parseStructured(byte[] body, Instant latestTime) {
        JsonNode node = EventJson.read(body);
        if (!node.isObject()) {
            throw ProblemException.malformed("a structured-mode body must be one JSON object (the CloudEvent)");
        }
        try {
            return StructuredEventReader.read(node, latestTime);
        } catch (InvalidEventException e) {
            throw ProblemException.invalidEvents(List.of(new Problem.EventError(0, e.getMessage())));
        }
    }

    /**
     * The events of a batch body; every invalid one is reported by index in one problem, so a request
     * with any bad event is refused whole.
     */
    public static List<CloudEvent> parseBatch(byte[] body, int maxEvents) {
        return parseBatch(body, maxEvents, NO_BOUND);
    }

    /** As {@link #parseBatch(byte[], int)}, refusing a {@code time} after {@code latestTime}. */
    public static List<CloudEvent> parseBatch(byte[] body, int maxEvents, Instant latestTime) {
        JsonNode node = EventJson.read(body);
        if (!node.isArray()) {
            throw ProblemException.malformed("a batch body must be a JSON array of CloudEvents");
        }
        if (node.isEmpty()) {
            throw ProblemException.emptyBatch();
        }
        if (node.size() > maxEvents) {
            throw ProblemException.batchTooLarge(node.size(), maxEvents);
        }
        List<CloudEvent> events = new ArrayList<>(node.size());
        List<Problem.EventError> errors = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            try {
                if (!element.isObject()) {
                    throw new InvalidEventException("a batch element must be a JSON object (a structured CloudEvent)");
                }
                events.add(StructuredEventReader.read(element, latestTime));
            } catch (InvalidEventException e) {
                errors.add(new Problem.EventError(i, e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalidEvents(errors);
        }
        return events;
    }
}
