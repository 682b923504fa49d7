package dev.edgesync.core.access;

import dev.edgesync.access.NamedKey;

import java.util.Set;

/** One configured core-ingest API key: {@code core.api.keys.<name>}. */
public record CoreKey(String name, String hash, Set<CoreScope> scopes) implements NamedKey<CoreScope> {

    public CoreKey {
        scopes = Set.copyOf(scopes);
    }
}
