package dev.edgesync.edge.api;

import java.util.Set;

/**
 * One configured API key, known only by the hash of its secret.
 *
 * @param streams streams it may post to; empty means every stream
 */
public record ApiKey(String name, String hash, Set<String> streams, Set<Scope> scopes) {

    public ApiKey {
        streams = Set.copyOf(streams);
        scopes = Set.copyOf(scopes);
    }

    public boolean mayPostTo(String stream) {
        return scopes.contains(Scope.INGEST) && (streams.isEmpty() || streams.contains(stream));
    }
}
