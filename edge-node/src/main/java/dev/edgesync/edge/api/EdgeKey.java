package dev.edgesync.edge.api;

import dev.edgesync.access.NamedKey;

import java.util.List;
import java.util.Set;

/**
 * One configured key of the edge's API, known only by the hash of its secret: its scopes, and for posting events,
 * the streams and the CloudEvents sources it may use.
 *
 * @param streams streams it may post to; empty means every stream
 * @param sources patterns of the sources it may post (see {@link SourcePatterns}); {@code *} means any
 */
public record EdgeKey(String name, String hash, Set<Scope> scopes, Set<String> streams, SourcePatterns sources)
        implements NamedKey<Scope> {

    public EdgeKey {
        scopes = Set.copyOf(scopes);
        streams = Set.copyOf(streams);
    }

    /** A key that may post to every stream from any source. */
    public static EdgeKey of(String name, String hash, Set<Scope> scopes) {
        return new EdgeKey(name, hash, scopes, Set.of(), SourcePatterns.of(List.of("*")));
    }

    public boolean mayPostTo(String stream) {
        return scopes.contains(Scope.INGEST) && (streams.isEmpty() || streams.contains(stream));
    }

    public boolean maySend(String source) {
        return sources.matches(source);
    }
}
