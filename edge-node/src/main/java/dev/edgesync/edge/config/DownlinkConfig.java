package dev.edgesync.edge.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Messages from the centre ({@code control.<kind>}): reference tables and runtime-safe settings. */
public interface DownlinkConfig {
    /** Whether the edge reads the downlink while a centre is configured. */
    @WithDefault("true")
    boolean enabled();

    /** How often the control topics are looked up again: one created since, or an unreachable centre, is seen then. */
    @WithDefault("5s")
    Duration discoveryInterval();

    /**
     * Lowest bandwidth cap the centre may set ({@code edge.sync.max-bytes-per-second} by downlink), bytes per
     * second; 0 (no cap) is always allowed. Keeps one bad message from throttling every store to a trickle.
     */
    @WithDefault("65536")
    long minBytesPerSecond();

    /** Larger downlink messages are rejected without being parsed (a bound on the memory one message can take). */
    @WithDefault("1048576")
    int maxMessageBytes();
}
