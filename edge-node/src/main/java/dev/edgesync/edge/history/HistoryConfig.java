package dev.edgesync.edge.history;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Status history kept in memory for the status page's chart ({@code edge.history.*}). */
@ConfigMapping(prefix = "edge.history")
public interface HistoryConfig {

    /** How often a status sample is taken. */
    @WithDefault("10s")
    Duration interval();

    /** How far back samples are kept (window / interval samples, in memory; lost on restart). */
    @WithDefault("1h")
    Duration window();
}
