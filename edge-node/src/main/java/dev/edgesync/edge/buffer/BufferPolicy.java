package dev.edgesync.edge.buffer;

import java.util.Arrays;
import java.util.Optional;

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

    /** The policy named {@code s}; empty for anything else (the validator names the key). */
    public static Optional<BufferPolicy> parse(String s) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(s)).findFirst();
    }
}
