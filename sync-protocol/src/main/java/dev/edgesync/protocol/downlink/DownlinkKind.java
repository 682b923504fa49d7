package dev.edgesync.protocol.downlink;

import dev.edgesync.protocol.TopicNames;

import java.util.Arrays;
import java.util.Optional;

/** What a downlink message changes on the edge; each kind has its own topic {@code control.<kind>}. */
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

    /** The centre's topic of this kind. */
    public String topic() {
        return TopicNames.control(wireName);
    }

    /** CloudEvents type of messages of this kind. */
    public String ceType() {
        return "dev.edgesync.downlink." + wireName;
    }

    public static Optional<DownlinkKind> parse(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }

    /** The kind whose topic is {@code topic}, if any. */
    public static Optional<DownlinkKind> ofTopic(String topic) {
        return Arrays.stream(values()).filter(k -> k.topic().equals(topic)).findFirst();
    }

    /** The wire names of every kind, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(DownlinkKind::wireName).toList().toString();
    }
}
