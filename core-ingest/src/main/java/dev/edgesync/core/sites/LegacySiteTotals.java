package dev.edgesync.core.sites;

import java.time.Instant;
import java.util.Map;

/**
 * A version-1 registry record (one per site, written by relays before per-partition progress existed): the
 * counts it holds were relayed before the upgrade and are added to what the partitions count since.
 */
public record LegacySiteTotals(String site, String region, String cloud, Instant lastSeen, Map<String, Long> landed,
                               long deadLettered) implements RegistryEntry {

    public LegacySiteTotals {
        landed = Map.copyOf(landed);
    }
}
