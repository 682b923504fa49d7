package dev.edgesync.edge.sync;

import dev.edgesync.edge.buffer.EvictionGate;
import dev.edgesync.edge.buffer.RecordAges;
import dev.edgesync.protocol.GapRange;
import dev.edgesync.protocol.Heartbeat;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the uplink shares with the rest of the box: its drain policy, the bandwidth cap (changeable at runtime),
 * the counters, the eviction gate, and where heartbeats come from.
 *
 * @param heartbeats the figures to send; empty when they cannot be taken now (nothing is sent then)
 * @param ages       how old a curated record is, for max-age (by the monotonic clock, see {@link RecordAges})
 * @param gaps       where the uplink records offsets it will never ship (expired, corrupt)
 */
public record UplinkShared(DrainPolicy policy, ByteRateLimiter limiter, SyncCounters counters, EvictionGate gate,
                           Supplier<Optional<Heartbeat>> heartbeats, Duration heartbeatInterval, RecordAges ages,
                           java.util.function.Consumer<GapRange> gaps) {

    /** All streams normal, no cap, no max-age, no heartbeats. */
    public static UplinkShared defaults() {
        return new UplinkShared(DrainPolicy.defaults(), new ByteRateLimiter(0, System::nanoTime), new SyncCounters(),
                new EvictionGate(), Optional::empty, Duration.ofSeconds(5), RecordAges.system(), g -> { });
    }

    public UplinkShared withPolicy(DrainPolicy p) {
        return new UplinkShared(p, limiter, counters, gate, heartbeats, heartbeatInterval, ages, gaps);
    }

    public UplinkShared withHeartbeats(Supplier<Optional<Heartbeat>> h, Duration interval) {
        return new UplinkShared(policy, limiter, counters, gate, h, interval, ages, gaps);
    }

    public UplinkShared withGaps(java.util.function.Consumer<GapRange> g) {
        return new UplinkShared(policy, limiter, counters, gate, heartbeats, heartbeatInterval, ages, g);
    }
}
