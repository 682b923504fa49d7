package dev.edgesync.access;

import java.util.Optional;

/**
 * Refuses every request path that has more than one spelling, so an access decision made on the raw path is made
 * on the endpoint the router will reach. The router drops matrix parameters ({@code ;x}), resolves dot segments,
 * and decodes percent-escapes of unreserved characters; a path that has none of those, nor empty segments,
 * backslashes or encoded separators, means the same thing to the gate and to the router.
 */
public final class CanonicalPath {

    private CanonicalPath() {
    }

    /** @return why {@code rawPath} (the path of the request target, undecoded, without the query) is refused */
    public static Optional<String> problem(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return Optional.of("the request path must start with '/'");
        }
        if (rawPath.contains("//")) {
            return Optional.of("the request path has an empty segment ('//')");
        }
        int segmentStart = 1;
        for (int i = 1; i <= rawPath.length(); i++) {
            if (i == rawPath.length() || rawPath.charAt(i) == '/') {
                String segment = rawPath.substring(segmentStart, i);
                if (segment.equals(".") || segment.equals("..")) {
                    return Optional.of("the request path has a dot segment ('" + segment + "')");
                }
                segmentStart = i + 1;
            }
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length() || hex(rawPath.charAt(i + 1)) < 0 || hex(rawPath.charAt(i + 2)) < 0) {
                    return Optional.of("the request path has a malformed percent-escape");
                }
                int b = hex(rawPath.charAt(i + 1)) * 16 + hex(rawPath.charAt(i + 2));
                if (b < 0x80 && (unreserved((char) b) || b == '/' || b == '\\' || b == ';' || b < 0x20 || b == 0x7f)) {
                    return Optional.of("the request path encodes '" + printable(b) + "' (%" + rawPath.substring(i + 1, i + 3)
                            + "): send it unencoded, or not at all");
                }
                i += 2;
            } else if (c == ';') {
                return Optional.of("the request path has a matrix parameter (';')");
            } else if (!(unreserved(c) || c == '/' || "!$&'()*+,=:@".indexOf(c) >= 0)) {
                return Optional.of("the request path has a character that must be percent-encoded: '" + printable(c) + "'");
            }
        }
        return Optional.empty();
    }

    /** Decodes one path segment that passed {@link #problem}; empty if its escapes are not valid UTF-8. */
    public static Optional<String> decodeSegment(String segment) {
        if (segment.indexOf('%') < 0) {
            return Optional.of(segment);
        }
        byte[] out = new byte[segment.length()];
        int n = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length() && hex(segment.charAt(i + 1)) >= 0 && hex(segment.charAt(i + 2)) >= 0) {
                out[n++] = (byte) (hex(segment.charAt(i + 1)) * 16 + hex(segment.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                return Optional.empty();
            }
        }
        return Utf8.decodeStrict(java.util.Arrays.copyOf(out, n));
    }

    static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static String printable(int c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c);
    }
}
