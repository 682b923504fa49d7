package dev.edgesync.core.heartbeat;

import dev.edgesync.protocol.GapRange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loss ranges one site reported in its heartbeats, collected across heartbeats (each carries only the edge's
 * most recent ones): a range the edge extended replaces the ones it covers. Bounded: beyond {@link #MAX} the range
 * heard of first is forgotten. Thread-safe.
 */
public final class SiteGaps {

    /** Ranges kept per site. */
    public static final int MAX = 1_000;

    private final LinkedHashMap<String, GapRange> ranges = new LinkedHashMap<>();

    public synchronized void add(List<GapRange> gaps) {
        for (GapRange g : gaps) {
            boolean covered = false;
            Iterator<Map.Entry<String, GapRange>> it = ranges.entrySet().iterator();
            while (it.hasNext()) {
                GapRange r = it.next().getValue();
                if (!sameLog(r, g)) {
                    continue;
                }
                if (r.fromOffset() <= g.fromOffset() && r.toOffset() >= g.toOffset()) {
                    covered = true;
                } else if (g.fromOffset() <= r.fromOffset() && g.toOffset() >= r.toOffset()) {
                    it.remove();
                }
            }
            if (!covered) {
                ranges.put(g.stream() + "/" + g.partition() + "/" + g.cause() + "/" + g.fromOffset(), g);
            }
        }
        while (ranges.size() > MAX) {
            ranges.remove(ranges.keySet().iterator().next());
        }
    }

    /** Every range kept, by stream, partition, offset and cause. */
    public synchronized List<GapRange> all() {
        List<GapRange> out = new ArrayList<>(ranges.values());
        out.sort(Comparator.comparing(GapRange::stream).thenComparingInt(GapRange::partition)
                .thenComparingLong(GapRange::fromOffset).thenComparing(GapRange::cause));
        return out;
    }

    private static boolean sameLog(GapRange a, GapRange b) {
        return a.stream().equals(b.stream()) && a.partition() == b.partition() && a.cause().equals(b.cause());
    }
}
