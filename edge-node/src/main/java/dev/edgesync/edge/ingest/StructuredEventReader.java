package dev.edgesync.edge.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one event from its JSON object (structured mode, or one element of a batch): attributes and extensions
 * as strings, {@code data} or {@code data_base64} as the data bytes.
 */
final class StructuredEventReader {

    private static final Set<String> STRING_ONLY = Set.of(CloudEvent.SPECVERSION, CloudEvent.ID, CloudEvent.SOURCE,
            CloudEvent.TYPE, CloudEvent.TIME, CloudEvent.SUBJECT, CloudEvent.DATASCHEMA);

    private StructuredEventReader() {
    }

    /** The event of a JSON object, or every problem with it in one exception. */
    static CloudEvent read(JsonNode event, Instant latestTime) throws InvalidEventException {
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
                        MediaTypes.problem("attribute 'datacontenttype'", dataContentType).ifPresent(problems::add);
                    } else {
                        problems.add("attribute 'datacontenttype' must be a non-empty string");
                    }
                }
                default -> attribute(name, value, attributes, problems);
            }
        }
        attributes.forEach((n, v) -> {
            if (hasUnpairedSurrogate(v)) {
                problems.add("attribute '" + n + "' has an unpaired surrogate escape (\\ud800-\\udfff): not Unicode text");
            }
        });
        AttributeRules.validate(attributes, latestTime, problems);
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
                dataContentType = CloudEventParser.DEFAULT_DATA_TYPE;
            }
            if (hasUnpairedSurrogate(data)) {
                problems.add("'data' has a string with an unpaired surrogate escape (\\ud800-\\udfff): not Unicode text");
            } else {
                bytes = data.isTextual() && !MediaTypes.isJson(dataContentType)
                        ? data.asText().getBytes(StandardCharsets.UTF_8)
                        : EventJson.compact(data);
            }
        }
        InvalidEventException.throwIfAny(problems);
        return new CloudEvent(attributes, Optional.ofNullable(dataContentType), bytes == null ? new byte[0] : bytes);
    }

    /** An attribute or extension: kept as its string form, or a problem added. */
    private static void attribute(String name, JsonNode value, Map<String, String> attributes, List<String> problems) {
        if (!AttributeRules.isValidName(name)) {
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
}
