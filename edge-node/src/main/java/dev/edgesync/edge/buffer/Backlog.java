package dev.edgesync.edge.buffer;

import dev.edgesync.edge.state.SyncCursors;
import dev.edgesync.edge.stream.StreamPartition;

import java.util.OptionalLong;

/**
 * The one definition of backlog, behind status, metrics and heartbeats alike.
 *
 * <p>Backlog of a curated partition = its committed records at or above the first unsent offset,
 * {@code max(log start, shipped, cursor)}: {@code shipped} is the centre's committed position as the uplink
 * last saw it, {@code cursor} the one remembered across restarts. Counted in the {@link CuratedIndex} (records,
 * not offsets: transaction markers and aborted records are not counted); while the index has not read that far
 * yet, the offset difference stands in, which may overstate by the markers in the range. Records deleted by
 * drop-oldest lie below the new log start, so they leave the backlog as they are counted as dropped.
 */
public final class Backlog {

    /** Backlog of one partition up to an end offset; {@code exact} when counted in the index. */
    public record Partition(long events, boolean exact) {
    }

    /** Backlog of one partition up to what the index has read: events, their bytes, the oldest one's time. */
    record Unsent(long events, long bytes, OptionalLong oldestTimestampMs) {
    }

    private final CuratedIndex index;
    private final SyncCursors cursors;
    private volatile Shipping shipping = Shipping.NONE;

    Backlog(CuratedIndex index, SyncCursors cursors) {
        this.index = index;
        this.cursors = cursors;
    }

    void shipping(Shipping s) {
        this.shipping = s;
    }

    Shipping shipping() {
        return shipping;
    }

    /** First unsent offset as far as known: the uplink's view, else what was remembered; never below the log start. */
    public static long unsentFrom(long logStart, OptionalLong shipped, long cursor) {
        return Math.max(logStart, Math.max(shipped.orElse(cursor), cursor));
    }

    /** The stand-in while records cannot be counted: offsets in [{@code from}, {@code end}), never negative. */
    public static long offsets(long from, long end) {
        return Math.max(0, end - from);
    }

    long unsentFrom(StreamPartition sp, long logStart) {
        return unsentFrom(logStart, shipping.shipped(sp), cursors.committed(sp));
    }

    /** Backlog of {@code sp} in its committed log [{@code logStart}, {@code end}). */
    Partition partition(StreamPartition sp, long logStart, long end) {
        long from = unsentFrom(sp, logStart);
        if (index.indexedEnd(sp).orElse(-1) < end) {
            return new Partition(offsets(from, end), false);
        }
        return new Partition(index.query(sp, r -> r.count(from) - r.count(end)), true);
    }

    /** Backlog of {@code sp} from the first unsent offset to what the index has read. */
    Unsent unsent(StreamPartition sp, long logStart) {
        long from = unsentFrom(sp, logStart);
        return index.query(sp, r -> new Unsent(r.count(from), r.bytes(from), r.oldestTimestamp(from)));
    }

    /** Seconds to send {@code bytes} at {@code bytesPerSecond}: 0 with nothing to send, -1 when nothing is sent. */
    static long drainEtaSeconds(long bytes, double bytesPerSecond) {
        return bytes == 0 ? 0 : bytesPerSecond <= 0 ? -1 : (long) Math.ceil(bytes / bytesPerSecond);
    }
}
