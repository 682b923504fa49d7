package dev.edgesync.core.sites;

import java.time.Instant;
import java.util.Map;

/**
 * A site as onboarded through {@code POST /v1/sites}: its identity and declared streams (name → partitions),
 * known to the centre before any of its data lands.
 */
public record SiteDeclaration(String site, String region, String cloud, Map<String, Integer> streams,
                              Instant onboardedAt) implements RegistryEntry {

    public SiteDeclaration {
        streams = Map.copyOf(streams);
    }
}
