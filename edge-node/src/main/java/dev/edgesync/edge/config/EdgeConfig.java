package dev.edgesync.edge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Map;

/**
 * Typed configuration of the edge node ({@code edge.*}), one interface per group of keys; each concern checks its
 * own keys at startup (boot.ConfigProblems collects them).
 */
@ConfigMapping(prefix = "edge")
public interface EdgeConfig {

    /** Root of all local state: the broker's log and the RocksDB state store. */
    @WithDefault("./data/edge")
    Path dataDir();

    SiteConfig site();

    BrokerConfig broker();

    CoreConfig core();

    IngestConfig ingest();

    SyncConfig sync();

    BufferConfig buffer();

    DownlinkConfig downlink();

    /** Declared streams, by name; events for any other stream are refused with 404. */
    Map<String, StreamConfig> streams();

    /** Site-wide settings of the preprocessing pipeline (docs/preprocessing.md). */
    PipelineConfig pipeline();

    /** Who may call the local REST API (docs/security.md). */
    ApiConfig api();
}
