package dev.edgesync.edge.ingest;

import dev.edgesync.access.Utf8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a binary-mode event: the {@code ce-} headers are the attributes (percent-decoded as UTF-8), Content-Type is
 * datacontenttype and the body is the data.
 */
final class BinaryModeReader {

    private BinaryModeReader() {
    }

    /**
     * The event, or every problem with it in one exception.
     *
     * @param ceHeaders the {@code ce-} headers, name without the prefix (any case) to raw header value
     * @param contentType the Content-Type header, or null
     */
    static CloudEvent read(Map<String, String> ceHeaders, String contentType, byte[] body, Instant latestTime)
            throws InvalidEventException {
        Map<String, String> attributes = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        ceHeaders.forEach((rawName, rawValue) -> {
            String name = rawName.toLowerCase(Locale.ROOT);
            if (name.equals(CloudEvent.DATACONTENTTYPE)) {
                problems.add("header ce-datacontenttype is not used in binary mode: send the data's media type as Content-Type");
            } else if (!AttributeRules.isValidName(name)) {
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
        AttributeRules.validate(attributes, latestTime, problems);
        Optional<String> dct = contentType == null || contentType.isBlank() ? Optional.empty() : Optional.of(contentType);
        dct.ifPresent(t -> MediaTypes.problem("Content-Type", t).ifPresent(problems::add));
        byte[] data = body == null ? new byte[0] : body;
        if (dct.isPresent() && MediaTypes.isUtf8Text(dct.get()) && !Utf8.isValid(data)) {
            problems.add("the body is " + MediaTypes.mediaType(dct.get()) + " but not valid UTF-8");
        }
        InvalidEventException.throwIfAny(problems);
        return new CloudEvent(attributes, dct, data);
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
}
