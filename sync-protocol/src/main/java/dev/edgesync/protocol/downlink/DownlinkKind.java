package dev.edgesync.protocol.downlink;

import java.util.Arrays;
import java.util.Optional;

/** What a downlink message changes on the edge; each kind has its own topics ({@link ControlTopics}). */
public enum DownlinkKind {
    /** Rows of a reference table ({@link ReferenceChange}). */
    REFERENCE("reference"),
    /** Runtime-safe settings ({@link ConfigChange}). */
    CONFIG("config");

    private final String wireName;

    DownlinkKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** CloudEvents type of messages of this kind. */
    public String ceType() {
        return "dev.edgesync.downlink." + wireName;
    }

    public static Optional<DownlinkKind> parse(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }

    /** The wire names of every kind, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(DownlinkKind::wireName).toList().toString();
    }
}
