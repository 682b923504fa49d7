package dev.edgesync.edge.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Uplink tuning. */
public interface SyncConfig {
    /** Pause between attempts to reach the centre while it is unreachable. */
    @WithDefault("2s")
    Duration retryBackoff();

    /** Most records shipped in one transaction per partition. */
    @WithDefault("2000")
    int maxBatchRecords();

    /** How often local space below committed checkpoints is released with deleteRecords. */
    @WithDefault("10s")
    Duration deleteRecordsInterval();

    /** Transaction timeout at the centre: a link cut mid-transaction ends in an abort after this. */
    @WithDefault("30s")
    Duration transactionTimeout();

    /**
     * Bound on every call to the centre (request, metadata, blocking producer calls): an unreachable
     * core is detected after about this long. Keep it below {@code transaction-timeout}.
     */
    @WithDefault("10s")
    Duration requestTimeout();

    /** How long the uplink producer waits to fill a batch. */
    @WithDefault("20ms")
    Duration linger();

    /** Producer batch size in bytes toward the centre (large: fewer, better-compressed requests). */
    @WithDefault("524288")
    int batchBytes();

    /** Compression of records sent to the centre: none, gzip, snappy, lz4 or zstd. */
    @WithDefault("zstd")
    String compression();

    /**
     * Cap on what the uplink puts on the wire toward the centre (compressed batches plus protocol), in
     * bytes per second; 0 = none. Changeable at runtime with {@code PUT /v1/sync/bandwidth}.
     */
    @WithDefault("0")
    long maxBytesPerSecond();

    /** Shares of the uplink per priority class among streams with backlog. */
    Weights weights();

    /** How often the edge sends a heartbeat (backlog, counters, link) to the centre while the link is up. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** Weights of the priority classes: a class with backlog gets weight / (sum of backlogged weights). */
    interface Weights {
        @WithDefault("8")
        int critical();

        @WithDefault("4")
        int normal();

        @WithDefault("1")
        int bulk();
    }
}
