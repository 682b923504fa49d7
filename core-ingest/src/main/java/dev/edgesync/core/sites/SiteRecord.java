package dev.edgesync.core.sites;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the centre knows about one site: identity, when it last relayed a record of the site, and how
 * many records of each stream it relayed ({@code landed}) or dead-lettered ({@code deadLettered}).
 * Immutable; {@code region}, {@code cloud} and {@code lastSeen} are null until a record of the site
 * has been relayed.
 */
public record SiteRecord(String id, String region, String cloud, Instant lastSeen, Map<String, Long> landed,
                         long deadLettered) {

    public SiteRecord {
        landed = Map.copyOf(landed);
    }

    public static SiteRecord empty(String id) {
        return new SiteRecord(id, null, null, null, Map.of(), 0);
    }

    /** Landed counts sorted by stream name. */
    public Map<String, Long> landedSorted() {
        return new TreeMap<>(landed);
    }

    public long landedTotal() {
        return landed.values().stream().mapToLong(Long::longValue).sum();
    }
}
