package dev.edgesync.edge.buffer;

import java.util.Arrays;

/** What a stream does when the buffer is over its high watermark ({@code edge.streams.<name>.buffer-policy}). */
public enum BufferPolicy {
    /** Ingest answers 507 with Retry-After; nothing already accepted is ever dropped. */
    REJECT("reject"),
    /** The stream keeps accepting; its oldest unsent data is deleted (and counted) to make room. */
    DROP_OLDEST("drop-oldest");

    private final String wireName;

    BufferPolicy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The policy named {@code s}.
     *
     * @throws IllegalArgumentException for any other name, saying which names are known (the startup check adds
     *                                  the key): never a silent default
     */
    public static BufferPolicy parse(String s) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(s)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("'" + s + "' is unknown: use reject or drop-oldest"));
    }
}
