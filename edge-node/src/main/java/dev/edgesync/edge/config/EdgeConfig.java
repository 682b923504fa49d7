package dev.edgesync.edge.config;

import dev.edgesync.access.ApiKeySettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Typed configuration of the edge node ({@code edge.*}); each concern checks its own keys at startup (boot.ConfigProblems collects them). */
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

    Downlink downlink();

    /** Declared streams, by name; events for any other stream are refused with 404. */
    Map<String, Stream> streams();

    /** Site-wide settings of the preprocessing pipeline (docs/preprocessing.md). */
    Pipeline pipeline();

    /** Who may call the local REST API (docs/security.md). */
    Api api();

    /**
     * Access to the local REST API: every {@code /v1} and {@code /q} endpoint but liveness and readiness needs a key
     * with the endpoint's scope; the status page's files stay open (docs/security.md).
     */
    interface Api {
        /**
         * {@code api-key}: every endpoint but the public ones needs one of {@link #keys()}; {@code none}: open to
         * anyone who can reach the port. Must be set explicitly in the production profile.
         */
        Optional<String> auth();

        /** API keys by name (the name only shows in logs); only a hash of each key is configured. */
        Map<String, ApiKey> keys();

        /** One API key: its hash and what it may do. */
        interface ApiKey extends ApiKeySettings.KeySetting {
            /** {@code sha256:<64 hex digits>} of the key as sent by clients. */
            @Override
            String hash();

            /** Streams it may post events to; {@code *} for all. */
            @WithDefault("*")
            List<String> streams();

            /**
             * CloudEvents {@code source} values it may post, as patterns where {@code *} matches any run of
             * characters; {@code *} for all. Keeps one till from taking another's (source, id) pairs in the dedup index.
             */
            @WithDefault("*")
            List<String> sources();

            /** {@code ingest} (post events), {@code read} (GET /v1/..., /q/metrics, ...), {@code admin} (change settings). */
            @Override
            @WithDefault("ingest")
            List<String> scopes();
        }
    }

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
         * A properties file of more link settings, kept apart from application.properties and readable by the service
         * only: the SASL login ({@code sasl.jaas.config}) core-ingest onboarding hands out. Its entries win over
         * {@code edge.core.kafka.*}.
         */
        Optional<Path> kafkaSecretsFile();

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

    /** Messages from the centre ({@code control.<kind>}): reference tables and runtime-safe settings. */
    interface Downlink {
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

        // ---- Preprocessing (docs/preprocessing.md): the pipeline and one group per processor. Keep together. ----

        /**
         * Processors applied raw -> curated, in this order: any of validate, filter, redact, transform, enrich,
         * each at most once, and aggregate last. Absent: events pass unchanged.
         */
        Optional<List<String>> pipeline();

        Validate validate();

        Filter filter();

        Redact redact();

        Transform transform();

        Enrich enrich();

        Aggregate aggregate();

        /** {@code validate}: events whose data does not match the schema go to dlq.<stream>. */
        interface Validate {
            /** JSON Schema file (draft 2020-12 unless it says {@code $schema}). */
            Optional<Path> schema();
        }

        /** {@code filter}: keep events for which the CEL expression is true; drop (and count) the others. */
        interface Filter {
            /** CEL expression over {@code data}, {@code ce} (attributes) and {@code key}, e.g. {@code data.qty > 0}. */
            Optional<String> keep();
        }

        /** {@code redact}: remove fields, or replace them by HMAC-SHA256 with the site secret (edge.pipeline.hash-secret-*). */
        interface Redact {
            /** Dotted paths removed from the data. */
            Optional<List<String>> remove();

            /** Dotted paths whose value is replaced by its keyed hash (lower-case hex). */
            Optional<List<String>> hash();
        }

        /** {@code transform}: rename, set, drop, then project, in that order. */
        interface Transform {
            /** Old path to new path, e.g. {@code rename.cashier=staffId}; quote dotted keys: {@code rename."a.b"=c}. */
            Map<String, String> rename();

            /** Path to value (JSON if it parses, else a string), e.g. {@code set.schemaVersion=2}. */
            Map<String, String> set();

            /** Dotted paths removed. */
            Optional<List<String>> drop();

            /** When set, only these dotted paths are kept. */
            Optional<List<String>> project();
        }

        /** {@code enrich}: site metadata and reference-table lookups. */
        interface Enrich {
            /** Whether to add the site's id, region and cloud. */
            @WithDefault("true")
            boolean site();

            /** Field that receives {@code {"id","region","cloud"}}. */
            @WithDefault("site")
            String siteField();

            /** Lookups by name: {@code lookup.<name>.key=<path>}, optional {@code table} (default the name), {@code target}. */
            Map<String, Lookup> lookup();

            /** One lookup in a reference table (edge.pipeline.reference.<table>). */
            interface Lookup {
                /** Reference table; default: the lookup's name. */
                Optional<String> table();

                /** Dotted path of the event field whose value is the table key. Required. */
                Optional<String> key();

                /** Dotted path that receives the row; default: the lookup's name. */
                Optional<String> target();

                /** Whether an event with no row goes to the dlq (else it passes without the row). */
                @WithDefault("false")
                boolean required();
            }
        }

        /** {@code aggregate}: tumbling event-time windows per key; results go to curated as CloudEvents. */
        interface Aggregate {
            /** Window length; windows are aligned to the epoch (1m windows start on the minute). */
            @WithDefault("1m")
            Duration window();

            /** How long past window end (in stream time) late events are still counted before the window closes. */
            @WithDefault("10s")
            Duration grace();

            /** Dotted path of the grouping field; default: the record (partition) key. */
            Optional<String> key();

            /** Numeric fields (dotted paths) to aggregate; none: count only. */
            Optional<List<String>> fields();

            /** Functions computed per field: any of count, sum, min, max, avg. */
            @WithDefault("count,sum,min,max,avg")
            List<String> functions();

            /** Stream whose curated topic receives the results (same partition count); default: this stream. */
            Optional<String> outputStream();

            /** CloudEvents type of the results. */
            @WithDefault("dev.edgesync.aggregate")
            String type();
        }
    }

    /** Site-wide settings of the preprocessing pipeline. */
    interface Pipeline {
        /** File holding the site's secret for keyed hashes (redact.hash), at least 16 bytes; never logged. */
        Optional<Path> hashSecretFile();

        /** Environment variable holding that secret when no file is configured. */
        @WithDefault("EDGE_HASH_SECRET")
        String hashSecretEnv();

        /** Reference tables in the state store, by table name: loaded from files at startup and changed by the downlink. */
        Map<String, ReferenceTable> reference();

        /** One reference table: loaded from a file, or filled by the downlink only. */
        interface ReferenceTable {
            /**
             * {@code file}: loaded from {@code file} at startup (the downlink may change it too); {@code downlink}: no
             * file, the rows come from the centre only (declared so enrich lookups may name it).
             */
            @WithDefault("file")
            String source();

            /** CSV (with a header line) or JSON lines file. */
            Optional<Path> file();

            /** Column (CSV) or member (JSON lines) holding the row key. */
            @WithDefault("id")
            String key();

            /** csv, jsonl, or auto (by file extension: .csv is CSV, anything else JSON lines). */
            @WithDefault("auto")
            String format();
        }
    }
}
