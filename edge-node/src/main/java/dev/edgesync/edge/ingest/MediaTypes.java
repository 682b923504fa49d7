package dev.edgesync.edge.ingest;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads Content-Type and datacontenttype values: the bare media type, whether it is JSON or UTF-8 text, its form. */
final class MediaTypes {

    private static final String TOKEN = "[!#$%&'*+\\-.^_`{|}~0-9A-Za-z]+";
    /** RFC 2045/2046 media type: type/subtype, then parameters of a token or a quoted string. */
    private static final Pattern MEDIA_TYPE = Pattern.compile(TOKEN + "/" + TOKEN
            + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"([^\"\\\\\\r\\n]|\\\\[^\\r\\n])*\"))*\\s*");

    private MediaTypes() {
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

    /** Why {@code value} is not an RFC 2046 media type, naming {@code what}; empty if it is one. */
    static Optional<String> problem(String what, String value) {
        if (value.length() <= AttributeRules.MAX_ATTRIBUTE_CHARS && MEDIA_TYPE.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(what + " must be a media type such as application/json (RFC 2046), was '"
                + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + "'");
    }
}
