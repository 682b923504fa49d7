package dev.edgesync.edge.sync;

import dev.edgesync.edge.buffer.BufferMonitor;
import dev.edgesync.edge.buffer.EvictionGate;
import dev.edgesync.edge.buffer.RecordAges;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.stream.Priority;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The uplink's shared parts as one bean: drain policy from the configuration, the bandwidth cap (changed at
 * runtime through the API), counters, and the buffer's eviction gate.
 */
@ApplicationScoped
public class SyncControls {

    private final DrainPolicy policy;
    private final ByteRateLimiter limiter;
    private final SyncCounters counters = new SyncCounters();
    private final EvictionGate gate;
    private final RecordAges ages;
    private final Duration heartbeatInterval;

    public SyncControls(EdgeConfig c, BufferMonitor buffer) {
        this.gate = buffer.gate();
        this.ages = buffer.ages();
        this.policy = policy(c);
        // An invalid value is reported by the validator at startup; do not fail bean creation before it.
        this.limiter = new ByteRateLimiter(Math.max(0, c.sync().maxBytesPerSecond()), System::nanoTime);
        this.heartbeatInterval = c.sync().heartbeatInterval();
    }

    static DrainPolicy policy(EdgeConfig c) {
        Map<String, Priority> priorities = new TreeMap<>();
        Map<String, Duration> maxAges = new TreeMap<>();
        c.streams().forEach((name, s) -> {
            priorities.put(name, Priority.parse(s.priority()));
            s.maxAge().ifPresent(a -> maxAges.put(name, a));
        });
        var w = c.sync().weights();
        return new DrainPolicy(priorities, maxAges, w.critical(), w.normal(), w.bulk());
    }

    public DrainPolicy policy() {
        return policy;
    }

    public ByteRateLimiter limiter() {
        return limiter;
    }

    public SyncCounters counters() {
        return counters;
    }

    public EvictionGate gate() {
        return gate;
    }

    /** The uplink's shared parts, without heartbeats: {@link UplinkService} adds them. */
    public UplinkShared shared() {
        return new UplinkShared(policy, limiter, counters, gate, Optional::empty, heartbeatInterval, ages, g -> { });
    }
}
