package dev.edgesync.edge.ingest;

import dev.edgesync.edge.problem.Problem;
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
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 */
public final class CloudEventParser {

    public static final String STRUCTURED_TYPE = "application/cloudevents+json";
    public static final String BATCH_TYPE = "application/cloudevents-batch+json";
    public static final String DEFAULT_DATA_TYPE = "application/json";

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+");
    /** RFC 3339 date-time: seconds required, fraction optional, Z or a numeric offset. */
    private static final Pattern RFC3339 = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");
    private static final String TOKEN = "[!#$%&'*+\\-.^_`{|}~0-9A-Za-z]+";
    /** RFC 2045/2046 media type: type/subtype, then parameters of a token or a quoted string. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(TOKEN + "/" + TOKEN
            + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"([^\"\\\\\\r\\n]|\\\\[^\\r\\n])*\"))*\\s*");
    private static final Set<String> STRING_ONLY = Set.of(CloudEvent.SPECVERSION, CloudEvent.ID, CloudEvent.SOURCE,
            CloudEvent.TYPE, CloudEvent.TIME, CloudEvent.SUBJECT, CloudEvent.DATASCHEMA);
    /** Longest attribute value accepted; ids, sources and types are short, and every attribute becomes a Kafka header. */
    public static final int MAX_ATTRIBUTE_CHARS = 1024;
    /** Most attributes (required, optional and extensions) on one event. */
    public static final int MAX_ATTRIBUTES = 64;
    /** Deepest JSON nesting accepted in a body: real events are a few levels deep; deeper is an attack on parsers. */
    public static final int MAX_NESTING_DEPTH = 64;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // Keep numbers as they were written (money amounts), not as doubles.
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    /** No upper bound on {@code time}: for callers that do not check it (benchmarks, tools). */
    public static final Instant NO_BOUND = Instant.MAX;

    /** How a request carries its events. */
    public enum Mode { BINARY, STRUCTURED, BATCH }

    private CloudEventParser() {
    }

    /** The mode of a request, or empty when it is none of the three (answer 415). */
    public static Optional<Mode> mode(String contentType, boolean hasSpecVersionHeader) {
        String media = mediaType(contentType);
        if (STRUCTURED_TYPE.equals(media)) {
            return Optional.of(Mode.STRUCTURED);
        }
        if (BATCH_TYPE.equals(media)) {
            return Optional.of(Mode.BATCH);
        }
        return hasSpecVersionHeader ? Optional.of(Mode.BINARY) : Optional.empty();
    }

    /** The media type without parameters, lower-cased; empty string for none. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    static boolean isJson(String contentType) {
        String m = mediaType(contentType);
        return m.equals("application/json") || m.equals("text/json") || m.endsWith("+json");
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
            return binary(ceHeaders, contentType, body, latestTime);
        } catch (InvalidEventException e) {
            throw ProblemException.invalidEvents(List.of(new Problem.EventError(0, e.getMessage())));
        }
    }

    static CloudEvent binary(Map<String, String> ceHeaders, String contentType, byte[] body, Instant latestTime)
            throws InvalidEventException {
        Map<String, String> attributes = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        ceHeaders.forEach((rawName, rawValue) -> {
            String name = rawName.toLowerCase(Locale.ROOT);
            if (name.equals(CloudEvent.DATACONTENTTYPE)) {
                problems.add("header ce-datacontenttype is not used in binary mode: send the data's media type as Content-Type");
            } else if (!NAME.matcher(name).matches()) {
                problems.add("header ce-" + rawName + " does not name a valid attribute: use lower-case letters and digits");
            } else if (!isPrintableAscii(rawValue)) {
                problems.add("header ce-" + name + " has raw non-ASCII or control characters: percent-encode them as"
                        + " UTF-8 (CloudEvents HTTP binding)");
            } else {
                Optional<String> decoded = percentDecode(rawValue);
                if (decoded.isEmpty()) {
                    problems.add("header ce-" + name + " has percent-escapes that are not valid UTF-8");
                } else {
                    attributes.put(name, decoded.get());
                }
            }
        });
        validate(attributes, latestTime, problems);
        Optional<String> dct = contentType == null || contentType.isBlank() ? Optional.empty() : Optional.of(contentType);
        dct.ifPresent(t -> mediaTypeProblem("Content-Type", t).ifPresent(problems::add));
        byte[] data = body == null ? new byte[0] : body;
        if (dct.isPresent() && isUtf8Text(dct.get()) && !Utf8.isValid(data)) {
            problems.add("the body is " + mediaType(dct.get()) + " but not valid UTF-8");
        }
        fail(problems);
        return new CloudEvent(attributes, dct, data);
    }

    /** One structured-mode event from a request body. */
    public static CloudEvent parseStructured(byte[] body) {
        return parseStructured(body, NO_BOUND);
    }

    /** As {@link #parseStructured(byte[])}, refusing a {@code time} after {@code latestTime}. */
    public static CloudEvent parseStructured(byte[] body, Instant latestTime) {
        JsonNode node = readJson(body);
        if (!node.isObject()) {
            throw ProblemException.malformed("a structured-mode body must be one JSON object (the CloudEvent)");
        }
        try {
            return fromJson(node, latestTime);
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
        JsonNode node = readJson(body);
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
                events.add(fromJson(element, latestTime));
            } catch (InvalidEventException e) {
                errors.add(new Problem.EventError(i, e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalidEvents(errors);
        }
        return events;
    }

    private static JsonNode readJson(byte[] body) {
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

    static CloudEvent fromJson(JsonNode event) throws InvalidEventException {
        return fromJson(event, NO_BOUND);
    }

    static CloudEvent fromJson(JsonNode event, Instant latestTime) throws InvalidEventException {
        Map<String, String> attributes = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        JsonNode data = null;
        JsonNode dataBase64 = null;
        String dataContentType = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode value = f.getValue();
            if (value.isNull()) {
                continue;
            }
            switch (name) {
                case "data" -> data = value;
                case "data_base64" -> dataBase64 = value;
                case CloudEvent.DATACONTENTTYPE -> {
                    if (value.isTextual() && !value.asText().isBlank()) {
                        dataContentType = value.asText();
                        mediaTypeProblem("attribute 'datacontenttype'", dataContentType).ifPresent(problems::add);
                    } else {
                        problems.add("attribute 'datacontenttype' must be a non-empty string");
                    }
                }
                default -> {
                    if (!NAME.matcher(name).matches()) {
                        problems.add("'" + name + "' is not a valid attribute name: use lower-case letters and digits");
                    } else if (value.isTextual()) {
                        attributes.put(name, value.asText());
                    } else if (STRING_ONLY.contains(name)) {
                        problems.add("attribute '" + name + "' must be a string");
                    } else if (value.isBoolean() || (value.isIntegralNumber() && value.canConvertToInt())) {
                        attributes.put(name, value.asText());
                    } else if (value.isIntegralNumber()) {
                        problems.add("extension '" + name + "' is an integer outside the 32-bit range of CloudEvents'"
                                + " Integer; send it as a string");
                    } else {
                        problems.add("extension '" + name + "' must be a string, integer or boolean");
                    }
                }
            }
        }
        attributes.forEach((n, v) -> {
            if (hasUnpairedSurrogate(v)) {
                problems.add("attribute '" + n + "' has an unpaired surrogate escape (\\ud800-\\udfff): not Unicode text");
            }
        });
        validate(attributes, latestTime, problems);
        byte[] bytes = null;
        if (data != null && dataBase64 != null) {
            problems.add("an event has either 'data' or 'data_base64', not both");
        } else if (dataBase64 != null) {
            if (!dataBase64.isTextual()) {
                problems.add("'data_base64' must be a string");
            } else {
                try {
                    bytes = Base64.getDecoder().decode(dataBase64.asText());
                } catch (IllegalArgumentException e) {
                    problems.add("'data_base64' is not valid base64: " + e.getMessage());
                }
            }
        } else if (data != null) {
            if (dataContentType == null) {
                dataContentType = DEFAULT_DATA_TYPE;
            }
            if (hasUnpairedSurrogate(data)) {
                problems.add("'data' has a string with an unpaired surrogate escape (\\ud800-\\udfff): not Unicode text");
            } else {
                bytes = data.isTextual() && !isJson(dataContentType)
                        ? data.asText().getBytes(StandardCharsets.UTF_8)
                        : compactJson(data);
            }
        }
        fail(problems);
        return new CloudEvent(attributes, Optional.ofNullable(dataContentType), bytes == null ? new byte[0] : bytes);
    }

    private static byte[] compactJson(JsonNode data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            JSON.writeValue(out, data);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a parsed JSON tree", e);
        }
    }

    /** Checks the attributes every event must have and the form of the optional ones. */
    static void validate(Map<String, String> a, Instant latestTime, List<String> problems) {
        if (a.size() > MAX_ATTRIBUTES) {
            problems.add("an event has " + a.size() + " attributes; at most " + MAX_ATTRIBUTES + " are accepted");
            return;
        }
        boolean tooLong = false;
        for (Map.Entry<String, String> e : a.entrySet()) {
            if (e.getValue().length() > MAX_ATTRIBUTE_CHARS) {
                problems.add("attribute '" + e.getKey() + "' is " + e.getValue().length() + " characters long; at most "
                        + MAX_ATTRIBUTE_CHARS + " are accepted");
                tooLong = true;
            }
        }
        if (tooLong) {
            return; // so no later message quotes a huge value back
        }
        String specversion = a.get(CloudEvent.SPECVERSION);
        if (specversion == null) {
            problems.add("missing required attribute 'specversion'");
        } else if (!specversion.equals("1.0")) {
            problems.add("unsupported specversion '" + specversion + "': only 1.0 is accepted");
        }
        for (String required : List.of(CloudEvent.ID, CloudEvent.SOURCE, CloudEvent.TYPE)) {
            String v = a.get(required);
            if (v == null) {
                problems.add("missing required attribute '" + required + "'");
            } else if (v.isEmpty()) {
                problems.add("attribute '" + required + "' must not be empty");
            }
        }
        String source = a.get(CloudEvent.SOURCE);
        if (source != null && !source.isEmpty() && !isUri(source, false)) {
            problems.add("attribute 'source' must be a URI-reference, was '" + source + "'");
        }
        String time = a.get(CloudEvent.TIME);
        if (time != null) {
            Optional<Instant> t = rfc3339(time);
            if (t.isEmpty()) {
                problems.add("attribute 'time' must be an RFC 3339 timestamp with seconds such as 2026-11-23T07:00:00.164Z,"
                        + " was '" + time + "'");
            } else if (t.get().isAfter(latestTime)) {
                problems.add("attribute 'time' is " + time + ", after " + latestTime + ", the latest this box accepts"
                        + " (its clock plus edge.ingest.max-time-ahead): check the sender's clock");
            }
        }
        String schema = a.get(CloudEvent.DATASCHEMA);
        if (schema != null && !isUri(schema, true)) {
            problems.add("attribute 'dataschema' must be an absolute URI, was '" + schema + "'");
        }
        String subject = a.get(CloudEvent.SUBJECT);
        if (subject != null && subject.isEmpty()) {
            problems.add("attribute 'subject' must not be empty");
        }
    }

    private static boolean isUri(String s, boolean absolute) {
        try {
            URI u = new URI(s);
            return !absolute || u.isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The instant of an RFC 3339 date-time (seconds required; a leap second counts as :59), if it is one. */
    static Optional<Instant> rfc3339(String s) {
        Matcher m = RFC3339.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        String seconds = m.group(4).equals("60") ? "59" : m.group(4);
        String normal = m.group(1) + "T" + m.group(2) + ":" + m.group(3) + ":" + seconds
                + (m.group(5) == null ? "" : m.group(5).substring(0, Math.min(10, m.group(5).length()))) + m.group(6).toUpperCase(Locale.ROOT);
        try {
            return Optional.of(OffsetDateTime.parse(normal, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Why {@code value} is not an RFC 2046 media type, naming {@code what}; empty if it is one. */
    static Optional<String> mediaTypeProblem(String what, String value) {
        if (value.length() <= MAX_ATTRIBUTE_CHARS && MEDIA_TYPE.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(what + " must be a media type such as application/json (RFC 2046), was '"
                + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + "'");
    }

    /** JSON, or text/* in UTF-8 (no charset or charset=utf-8): data that must be valid UTF-8. */
    static boolean isUtf8Text(String contentType) {
        if (isJson(contentType)) {
            return true;
        }
        if (!mediaType(contentType).startsWith("text/")) {
            return false;
        }
        String lower = contentType.toLowerCase(Locale.ROOT).replace(" ", "");
        int cs = lower.indexOf("charset=");
        return cs < 0 || lower.startsWith("utf-8", cs + 8) || lower.startsWith("\"utf-8\"", cs + 8);
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasUnpairedSurrogate(JsonNode node) {
        if (node.isTextual()) {
            return hasUnpairedSurrogate(node.textValue());
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (hasUnpairedSurrogate(f.getKey()) || hasUnpairedSurrogate(f.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode e : node) {
                if (hasUnpairedSurrogate(e)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Decodes %XX sequences as UTF-8 (HTTP binding header encoding); anything else is kept as it is. Empty if the
     * decoded bytes are not valid UTF-8.
     */
    static Optional<String> percentDecode(String value) {
        if (value == null || value.indexOf('%') < 0) {
            return Optional.ofNullable(value);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (cp == '%' && i + 2 < value.length() && hex(value.charAt(i + 1)) >= 0 && hex(value.charAt(i + 2)) >= 0) {
                out.write(hex(value.charAt(i + 1)) * 16 + hex(value.charAt(i + 2)));
                i += 3;
            } else {
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp);
            }
        }
        return Utf8.decodeStrict(out.toByteArray());
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static void fail(List<String> problems) throws InvalidEventException {
        if (!problems.isEmpty()) {
            throw new InvalidEventException(String.join("; ", problems));
        }
    }
}
