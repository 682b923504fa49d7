package dev.edgesync.core.offsets;

import dev.edgesync.protocol.Checkpoint;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The centre's offset-sync index: per (site, stream, partition) a bounded, sorted history of the
 * sites' checkpoints as (nextEdgeOffset → nextCoreOffset) sync points, answering "where at the centre
 * is edge offset e?".
 *
 * <p>Guarantee of {@link #translate}: with S the greatest sync point whose edge offset is ≤ e, the
 * answer is S's core offset. It is exact when e equals S's edge offset (a checkpoint is an exact
 * mapping: everything below it on the edge is below its core offset at the centre, nothing at or
 * above is). Between sync points it is a safe lower bound: every record at edge offset ≥ S's lands
 * at core offset ≥ S's, because uplink transactions append the curated records after S in order; the
 * gap cannot be interpolated since curated offsets skip transaction markers while landing offsets
 * count the uplink's own markers.
 *
 * <p>A checkpoint below the latest known edge offset of its partition means a new history (the site
 * was reset): the sync points above it are dropped, since they describe data the site no longer
 * vouches for. Beyond {@code maxPoints} per partition, the oldest sync points are dropped: edge
 * offsets below the oldest kept one are then unknown. Thread-safe.
 */
public final class OffsetSyncIndex {

    /** One checkpoint as a sync point. */
    public record SyncPoint(long edgeOffset, long coreOffset, long timestampMs) {
    }

    /** The answer for one edge offset. */
    public sealed interface Translation permits Found, NotFound {
    }

    public record Found(long edgeOffset, long coreOffset, boolean exact, SyncPoint syncPoint, SyncPoint oldest, SyncPoint latest)
            implements Translation {
    }

    /** Why there is no answer, for a 404. */
    public enum Missing { SITE, STREAM, PARTITION, BELOW_OLDEST }

    public record NotFound(Missing what, String message) implements Translation {
    }

    private final int maxPoints;
    private final Map<String, Map<String, Map<Integer, NavigableMap<Long, SyncPoint>>>> sites = new HashMap<>();

    public OffsetSyncIndex(int maxPoints) {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be at least 1, was " + maxPoints);
        }
        this.maxPoints = maxPoints;
    }

    /** Records one checkpoint of {@code site}. */
    public synchronized void add(String site, Checkpoint c) {
        NavigableMap<Long, SyncPoint> points = sites.computeIfAbsent(site, s -> new HashMap<>())
                .computeIfAbsent(c.stream(), s -> new HashMap<>())
                .computeIfAbsent(c.partition(), p -> new TreeMap<>());
        points.tailMap(c.nextEdgeOffset(), false).clear();
        points.put(c.nextEdgeOffset(), new SyncPoint(c.nextEdgeOffset(), c.nextCoreOffset(), c.timestampMs()));
        while (points.size() > maxPoints) {
            points.pollFirstEntry();
        }
    }

    public synchronized Translation translate(String site, String stream, int partition, long edgeOffset) {
        var streams = sites.get(site);
        if (streams == null) {
            return new NotFound(Missing.SITE, "No checkpoint of site '" + site + "' has reached the centre:"
                    + " check the id, or whether the site has synced yet");
        }
        var partitions = streams.get(stream);
        if (partitions == null) {
            return new NotFound(Missing.STREAM, "Site '" + site + "' has no checkpoint for stream '" + stream + "'");
        }
        NavigableMap<Long, SyncPoint> points = partitions.get(partition);
        if (points == null || points.isEmpty()) {
            return new NotFound(Missing.PARTITION, "Site '" + site + "' has no checkpoint for partition " + partition
                    + " of stream '" + stream + "' (known partitions: " + new TreeMap<>(partitions).keySet() + ")");
        }
        var floor = points.floorEntry(edgeOffset);
        if (floor == null) {
            return new NotFound(Missing.BELOW_OLDEST, "Edge offset " + edgeOffset + " is below the oldest known sync point ("
                    + points.firstKey() + ") of " + site + "/" + stream + "/" + partition
                    + ": older history was compacted away or dropped from the index");
        }
        SyncPoint s = floor.getValue();
        return new Found(edgeOffset, s.coreOffset(), s.edgeOffset() == edgeOffset, s,
                points.firstEntry().getValue(), points.lastEntry().getValue());
    }

    /** Number of (site, stream, partition) histories held: what the index's memory grows with. */
    public synchronized int partitionCount() {
        return sites.values().stream().flatMap(streams -> streams.values().stream()).mapToInt(Map::size).sum();
    }

    /** Number of sync points held for one partition (0 if none). */
    public synchronized int size(String site, String stream, int partition) {
        var streams = sites.get(site);
        var partitions = streams == null ? null : streams.get(stream);
        var points = partitions == null ? null : partitions.get(partition);
        return points == null ? 0 : points.size();
    }
}
