package dev.edgesync.edge.stream;

import java.util.Arrays;
import java.util.Locale;

/** Priority class of a stream ({@code edge.streams.<name>.priority}); the uplink shares its capacity by class weight. */
public enum Priority {
    CRITICAL, NORMAL, BULK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The class named {@code s}.
     *
     * @throws IllegalArgumentException for any other name, saying which names are known (the startup check adds
     *                                  the key): never a silent default
     */
    public static Priority parse(String s) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(s)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("'" + s + "' is unknown: use critical, normal or bulk"));
    }
}
