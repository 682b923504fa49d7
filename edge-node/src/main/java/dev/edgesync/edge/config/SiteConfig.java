package dev.edgesync.edge.config;

import io.smallrye.config.WithDefault;

/** Who this box is. */
public interface SiteConfig {
    /** Unique site id, e.g. {@code store-042}; required, no default on purpose. */
    String id();

    @WithDefault("default")
    String region();

    @WithDefault("default")
    String cloud();
}
