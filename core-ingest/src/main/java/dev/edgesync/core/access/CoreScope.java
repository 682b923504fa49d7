package dev.edgesync.core.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a core-ingest API key may do: read (every GET), onboard sites and rotate their passwords, send downlink messages. */
public enum CoreScope {
    READ, ONBOARD, DOWNLINK;

    /** The name used in {@code core.api.keys.<name>.scopes} and in refusals. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CoreScope> parse(String s) {
        return Arrays.stream(values()).filter(v -> v.configName().equals(s == null ? null : s.trim())).findFirst();
    }

    /** The scope names for messages, e.g. {@code read, onboard or downlink}. */
    public static String names() {
        String all = Arrays.stream(values()).map(CoreScope::configName).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
