package dev.edgesync.edge.stream;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Priority class of a stream ({@code edge.streams.<name>.priority}); the uplink shares its capacity by class weight. */
public enum Priority {
    CRITICAL, NORMAL, BULK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The class named {@code s}; empty for anything else (the validator names the key). */
    public static Optional<Priority> parse(String s) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(s)).findFirst();
    }
}
