package dev.edgesync.edge.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CloudEvents {@code source} values a key may post: patterns where {@code *} matches any run of characters
 * (also none, also {@code /}) and every other character only itself, e.g. {@code /store-042/till-1} or
 * {@code /store-042/till-*}.
 */
public final class SourcePatterns {

    private final List<String> patterns;
    private final List<Pattern> compiled;

    private SourcePatterns(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.compiled = patterns.stream().map(SourcePatterns::compile).toList();
    }

    public static SourcePatterns of(List<String> patterns) {
        return new SourcePatterns(patterns.stream().map(String::trim).toList());
    }

    public boolean matches(String source) {
        for (Pattern p : compiled) {
            if (p.matcher(source).matches()) {
                return true;
            }
        }
        return false;
    }

    public List<String> patterns() {
        return patterns;
    }

    /** Why a configured pattern cannot be used, if it cannot: empty, or with control characters or spaces. */
    public static Optional<String> problem(String pattern) {
        String p = pattern.trim();
        if (p.isEmpty()) {
            return Optional.of("an empty pattern matches no source; use * for any");
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return Optional.of("'" + p + "' has a space or control character, which no source (a URI-reference) has");
            }
        }
        return Optional.empty();
    }

    private static Pattern compile(String glob) {
        List<String> parts = new ArrayList<>();
        for (String literal : glob.split("\\*", -1)) {
            parts.add(literal.isEmpty() ? "" : Pattern.quote(literal));
        }
        return Pattern.compile(String.join(".*", parts), Pattern.DOTALL);
    }

    @Override
    public String toString() {
        return String.join(",", patterns);
    }
}
