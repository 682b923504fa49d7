package dev.edgesync.edge.status;

import java.util.OptionalLong;

/**
 * Events of a curated partition not yet committed at the centre.
 *
 * <p>{@code end - max(logStart, shipped)}: the uplink frees curated only below a committed checkpoint, so
 * everything from the log start on is unsent unless the uplink reports a higher shipped position. Offsets
 * count transaction markers too (one per pipeline transaction), so the result may overstate the number of
 * events by the markers in the range; it is exact (0) when everything is shipped, because the shipped
 * position moves past trailing markers.
 */
public final class Backlog {

    private Backlog() {
    }

    public static long of(long logStart, long end, OptionalLong shipped) {
        long from = Math.max(logStart, shipped.orElse(logStart));
        return Math.max(0, end - from);
    }
}
