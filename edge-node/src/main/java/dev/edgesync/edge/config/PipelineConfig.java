package dev.edgesync.edge.config;

import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Site-wide settings of the preprocessing pipeline. */
public interface PipelineConfig {
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
