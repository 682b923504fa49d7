package dev.edgesync.edge.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Disk quota over what the box writes, the free-space floor of its filesystem, the dlq bound and the reserve file. */
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

    /**
     * Free space the data dir's filesystem keeps whatever the quota says: below it (less the requests in flight)
     * ingest answers 507, so the broker and RocksDB never meet a full disk. The floor is the larger of this and
     * {@code min-free-percent}.
     */
    @WithDefault("268435456")
    long minFreeBytes();

    /** The floor as a percentage of the filesystem's size; the larger of the two applies. */
    @WithDefault("1")
    double minFreePercent();

    /** Bound of all dlq partitions together; the oldest dlq segments go first, also whenever space is short. */
    @WithDefault("67108864")
    long dlqMaxBytes();

    /**
     * A file of this size kept in the data dir and deleted at every start (before the broker opens its log) and
     * whenever free space falls to half the floor: room for a box whose disk filled to come up and drain. 0 = none.
     */
    @WithDefault("67108864")
    long reserveBytes();
}
