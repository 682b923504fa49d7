package dev.edgesync.edge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Typed configuration of the edge node ({@code edge.*}); {@link EdgeConfigValidator} checks it at startup. */
@ConfigMapping(prefix = "edge")
public interface EdgeConfig {

    /** Root of all local state: the broker's log and the RocksDB state store. */
    @WithDefault("./data/edge")
    Path dataDir();

    Site site();

    Broker broker();

    Core core();

    Ingest ingest();

    Sync sync();

    Buffer buffer();

    /** Declared streams, by name; events for any other stream are refused with 404. */
    Map<String, Stream> streams();

    /** Who this box is. */
    interface Site {
        /** Unique site id, e.g. {@code store-042}; required, no default on purpose. */
        String id();

        @WithDefault("default")
        String region();

        @WithDefault("default")
        String cloud();
    }

    /** The embedded broker that holds every event on this box. */
    interface Broker {
        /** Loopback port, so stock Kafka tools on the box can read the local topics. */
        @WithDefault("9093")
        int port();

        @WithDefault("127.0.0.1")
        String host();

        /** Extra broker settings passed through as they are, e.g. {@code edge.broker.config."log.segment.bytes"}. */
        Map<String, String> config();
    }

    /** The central cluster the uplink writes to. */
    interface Core {
        /** Bootstrap servers of the centre; when absent the uplink stays idle and data waits on disk. */
        Optional<String> bootstrapServers();

        /** Kafka client settings for the link (TLS, SASL, ...), passed through to every core client. */
        Map<String, String> kafka();

        /**
         * Whether the edge creates its landing and checkpoint topics at the centre when missing (its ACL
         * covers its own prefix); off when core-ingest onboarding creates them.
         */
        @WithDefault("true")
        boolean createTopics();

        /** Replication factor of topics the edge creates at the centre; -1 takes the cluster default. */
        @WithDefault("-1")
        short replicationFactor();
    }

    /** REST ingest limits. */
    interface Ingest {
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
    }

    /** Uplink tuning. */
    interface Sync {
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

    /** Disk quota over the local log (raw + curated + dlq of every stream). */
    interface Buffer {
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

    /** One declared stream. */
    interface Stream {
        /** Partitions of raw, curated and landing topics of this stream (equal everywhere, so order per key holds). */
        @WithDefault("3")
        int partitions();

        // --- Store-and-forward under pressure (issue #4): priority, buffer policy, TTL ---

        /** Priority class: critical, normal or bulk (see {@code edge.sync.weights.*}). */
        @WithDefault("normal")
        String priority();

        /**
         * What happens to this stream when the buffer is over its high watermark: {@code reject} (ingest
         * answers 507, nothing accepted is dropped) or {@code drop-oldest} (its oldest unsent data is deleted).
         */
        @WithDefault("reject")
        String bufferPolicy();

        /** Data older than this (since accepted at the edge) is not sent and counted as expired; absent = no limit. */
        Optional<Duration> maxAge();

        /** A critical stream may be drop-oldest only with this set to true: dropping critical data must be explicit. */
        @WithDefault("false")
        boolean allowDropCritical();
    }
}
