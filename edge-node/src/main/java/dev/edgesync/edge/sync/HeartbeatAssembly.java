package dev.edgesync.edge.sync;

import dev.edgesync.edge.buffer.PressureSnapshot;
import dev.edgesync.edge.stream.LinkState;
import dev.edgesync.protocol.Heartbeat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Builds the heartbeat the uplink sends: the buffer's latest figures, the uplink's counters and link state. */
public final class HeartbeatAssembly {

    private HeartbeatAssembly() {
    }

    /**
     * The heartbeat of {@code site} at {@code nowMs}; empty before the buffer took its first figures (nothing is
     * sent then).
     *
     * @param bandwidthCap the uplink's current cap in bytes per second (0 = none)
     */
    public static Optional<Heartbeat> of(String site, long nowMs, LinkState link, PressureSnapshot buffer,
                                         SyncCounters counters, long bandwidthCap) {
        return of(site, nowMs, link, buffer, counters, bandwidthCap, Optional.empty());
    }

    /** As above, with the clock skew last measured against the centre (none: sent as unknown). */
    public static Optional<Heartbeat> of(String site, long nowMs, LinkState link, PressureSnapshot buffer,
                                         SyncCounters counters, long bandwidthCap, Optional<ClockSkew.Estimate> skew) {
        if (buffer.takenAt().equals(Instant.EPOCH)) {
            return Optional.empty();
        }
        Map<String, Heartbeat.StreamFigures> streams = new TreeMap<>();
        buffer.streams().forEach((name, f) -> {
            SyncCounters.Stream c = counters.stream(name);
            streams.put(name, new Heartbeat.StreamFigures(f.priority(), f.backlogEvents(), f.backlogBytes(),
                    f.oldestUnsentAgeMs(), c.sent(), c.expired(), f.dropped()));
        });
        return Optional.of(new Heartbeat(site, nowMs, link.wireName(), buffer.usedBytes(), buffer.maxBytes(),
                bandwidthCap, buffer.drainEtaSeconds(), streams,
                skew.map(ClockSkew.Estimate::skewMs).orElse(Heartbeat.UNKNOWN_SKEW)));
    }

    /** {@code h} carrying {@code gaps}: the box's most recent loss ranges (at most {@link dev.edgesync.protocol.GapRange#MAX_PER_HEARTBEAT}). */
    public static Heartbeat withGaps(Heartbeat h, java.util.List<dev.edgesync.protocol.GapRange> gaps) {
        return new Heartbeat(h.site(), h.timestampMs(), h.linkState(), h.bufferUsedBytes(), h.bufferMaxBytes(),
                h.maxBytesPerSecond(), h.drainEtaSeconds(), h.streams(), h.clockSkewMs(), gaps);
    }
}
