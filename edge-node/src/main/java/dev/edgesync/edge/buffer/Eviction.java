package dev.edgesync.edge.buffer;

import dev.edgesync.edge.state.GapLedger;
import dev.edgesync.edge.stream.Priority;
import dev.edgesync.protocol.GapRange;
import dev.edgesync.edge.stream.StreamPartition;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Deletes the oldest unsent records of {@code drop-oldest} streams to free a number of bytes, under the
 * {@link EvictionGate} (never inside an open uplink transaction, never below what the centre committed), then
 * counts them as dropped. What to cut is the {@link EvictionPlanner}'s choice.
 */
final class Eviction {

    private static final Logger LOG = Logger.getLogger(Eviction.class);

    private final LocalLog log;
    private final CuratedIndex index;
    private final Backlog backlog;
    private final EvictionGate gate;
    private final DropCounts dropped;
    private final GapLedger gaps;
    private final List<StreamPartition> candidates;
    private final Function<String, Priority> priorities;

    /** @param candidates the partitions of drop-oldest streams: the only ones ever cut */
    Eviction(LocalLog log, CuratedIndex index, Backlog backlog, EvictionGate gate, DropCounts dropped, GapLedger gaps,
             List<StreamPartition> candidates, Function<String, Priority> priorities) {
        this.log = log;
        this.index = index;
        this.backlog = backlog;
        this.gate = gate;
        this.dropped = dropped;
        this.gaps = gaps;
        this.candidates = List.copyOf(candidates);
        this.priorities = priorities;
    }

    /**
     * Frees about {@code bytesToFree}; {@code usedBytes} and {@code maxBytes} only go into the warning.
     *
     * @return whether anything was deleted
     */
    boolean evict(long bytesToFree, long usedBytes, long maxBytes) throws Exception {
        if (!gate.tryLock(10_000)) {
            LOG.warn("Buffer over its high watermark but the uplink held its round for 10 s; evicting at the next check");
            return false;
        }
        try {
            // Under the gate: the uplink's committed positions cannot move meanwhile.
            Map<StreamPartition, Long> starts = log.starts(candidates);
            List<EvictionPlanner.Candidate> plan = new ArrayList<>();
            for (StreamPartition sp : candidates) {
                plan.add(new EvictionPlanner.Candidate(sp, priorities.apply(sp.stream()),
                        backlog.unsentFrom(sp, starts.get(sp)), index.runs(sp)));
            }
            List<EvictionPlanner.Cut> cuts = index.locked(() -> EvictionPlanner.plan(plan, bytesToFree));
            if (cuts.isEmpty()) {
                return false;
            }
            Map<StreamPartition, Long> delete = new HashMap<>();
            cuts.forEach(c -> delete.put(c.partition(), c.beforeOffset()));
            log.deleteBelow(delete);
            Map<String, long[]> perStream = new TreeMap<>();
            for (EvictionPlanner.Cut c : cuts) {
                gate.markEvicted(c.partition(), c.beforeOffset());
                dropped.dropped(c.partition().stream(), c.records(), c.bytes());
                if (c.records() > 0 && c.beforeOffset() > c.from()) {
                    gaps.record(new GapRange(c.partition().stream(), c.partition().partition(), c.from(), c.beforeOffset(),
                            GapRange.DROPPED, c.records()));
                }
                long[] t = perStream.computeIfAbsent(c.partition().stream(), k -> new long[2]);
                t[0] += c.records();
                t[1] += c.bytes();
            }
            perStream.forEach((stream, t) -> LOG.warnf("Buffer at %d of %d bytes (edge.buffer.max-bytes): dropped the %d"
                    + " oldest unsent events (%d bytes) of stream %s (buffer-policy drop-oldest). Raise the quota, the"
                    + " bandwidth or restore the link to stop this", usedBytes, maxBytes, t[0], t[1], stream));
            return true;
        } finally {
            gate.unlock();
        }
    }
}
