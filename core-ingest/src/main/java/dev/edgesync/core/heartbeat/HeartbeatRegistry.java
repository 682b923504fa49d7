package dev.edgesync.core.heartbeat;

import dev.edgesync.protocol.Heartbeat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest heartbeat of each site, in memory: what each site still holds (backlog, dropped, expired) and
 * its link figures, even while its data has not arrived. Rebuilt from the compacted heartbeat topics at start.
 * A heartbeat older than the one held never replaces it; "older" by the edge's timestamp corrected by the clock skew
 * the edge measured ({@link Heartbeat#centreTimestampMs}), so an edge whose clock stepped back is not ignored until
 * its clock catches up again.
 */
public final class HeartbeatRegistry {

    /** A heartbeat and when the centre read it. */
    public record Received(Heartbeat heartbeat, Instant receivedAt) {
    }

    private final Map<String, Received> latest = new ConcurrentHashMap<>();
    private final Map<String, SiteGaps> gaps = new ConcurrentHashMap<>();

    public void accept(Heartbeat h, Instant receivedAt) {
        if (!h.gaps().isEmpty()) {
            gaps.computeIfAbsent(h.site(), s -> new SiteGaps()).add(h.gaps());
        }
        latest.merge(h.site(), new Received(h, receivedAt),
                (old, now) -> now.heartbeat().centreTimestampMs() >= old.heartbeat().centreTimestampMs() ? now : old);
    }

    public Optional<Received> get(String site) {
        return Optional.ofNullable(latest.get(site));
    }

    /**
     * The loss ranges the site reported (expired, dropped, corrupt), collected from its heartbeats since this instance
     * started (at start: those of the latest heartbeat the compacted topic kept).
     */
    public java.util.List<dev.edgesync.protocol.GapRange> gaps(String site) {
        SiteGaps g = gaps.get(site);
        return g == null ? java.util.List.of() : g.all();
    }

    public Map<String, Received> all() {
        return new TreeMap<>(latest);
    }
}
