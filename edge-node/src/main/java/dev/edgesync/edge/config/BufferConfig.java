package dev.edgesync.edge.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Disk quota over the local log (raw + curated + dlq of every stream). */
public interface BufferConfig {
    /** Quota in bytes; 0 = none (the disk is the limit). */
    @WithDefault("0")
    long maxBytes();

    /** Fraction of {@code max-bytes} at which the stream policies act (reject / drop-oldest). */
    @WithDefault("0.9")
    double highWatermark();

    /** Fraction of {@code max-bytes} the policies bring usage back to before they stop acting. */
    @WithDefault("0.8")
    double lowWatermark();

    /** How often the local log size is measured. */
    @WithDefault("1s")
    Duration checkInterval();

    /** Retry-After of the 507 answers of {@code reject} streams. */
    @WithDefault("30")
    int retryAfterSeconds();
}
