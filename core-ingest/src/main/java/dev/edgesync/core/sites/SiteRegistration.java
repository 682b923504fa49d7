package dev.edgesync.core.sites;

import java.time.Instant;

/**
 * A site registered by its first landed record, on a centre where sites need not be onboarded
 * ({@code core.relay.site-registration=first-record}): the region and cloud that record declared. Written by a relay
 * instance ({@code writer}, its transactional id) under its own key, so compaction never drops the earliest one; of
 * several registrations of one site the earliest in {@code _core.sites} counts, so every instance agrees on it.
 */
public record SiteRegistration(String site, String region, String cloud, Instant registeredAt, String writer)
        implements RegistryEntry {
}
