package dev.edgesync.edge.config;

import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One declared stream. */
public interface StreamConfig {
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

        /**
         * An event whose time is more than this ahead of the box's clock goes to the dlq instead of a window (counted
         * as {@code outcome=ahead}); it would close every window and make later events late. Ingest refuses times
         * beyond {@code edge.ingest.max-time-ahead} (1d) outright.
         */
        @WithDefault("5m")
        Duration maxAhead();

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
