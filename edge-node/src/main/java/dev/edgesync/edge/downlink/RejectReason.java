package dev.edgesync.edge.downlink;

import java.util.Locale;

/** Why a downlink message was rejected (recorded and skipped): a small fixed set, fit for a metric label. */
public enum RejectReason {
    /** Its value is larger than {@code edge.downlink.max-message-bytes}; it is not parsed. */
    OVERSIZED,
    /** Not a downlink message this edge can read: headers, JSON, kind or target not of its topic. */
    MALFORMED,
    /** Well-formed but refused: a payload problem, a setting outside this edge's bounds, an unflagged emptying replace. */
    INVALID,
    /** Applying it failed in a way nobody planned for (a handler threw). */
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
