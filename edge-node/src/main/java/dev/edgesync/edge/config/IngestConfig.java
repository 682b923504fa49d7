package dev.edgesync.edge.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.OptionalLong;

/** REST ingest limits. */
public interface IngestConfig {
    /** Largest request body accepted, in bytes (413 above). */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** Most events accepted in one batch request (413 above). */
    @WithDefault("1000")
    int maxBatchEvents();

    /** How long a POST waits for the durable append before answering 503. */
    @WithDefault("30s")
    Duration appendTimeout();

    /**
     * How long the (stream, source, id) of an accepted event is remembered: a retry within this
     * window is answered "duplicate" and not appended again; after it, it may be appended again.
     */
    @WithDefault("7d")
    Duration dedupWindow();

    /** Seconds a client is told to wait (Retry-After) when the append could not be made in time. */
    @WithDefault("5")
    int retryAfterSeconds();

    /** Longest time startup may spend re-indexing the raw log tail before it fails. */
    @WithDefault("5m")
    Duration rebuildTimeout();

    /** An event whose {@code time} is more than this ahead of the box's clock is refused (400). */
    @WithDefault("1d")
    Duration maxTimeAhead();

    /**
     * Heap bytes the requests being read, parsed and appended at once may hold, each reserving its body size
     * times the measured cost ({@code IngestCost}) before its body is read; a request beyond it is answered 503
     * with Retry-After. Default: a quarter of the max heap (-Xmx).
     */
    OptionalLong maxInflightBytes();

    /** Longest time a client may take to send a request body; a slower one is cut and its reservation freed. */
    @WithDefault("30s")
    Duration bodyTimeout();
}
