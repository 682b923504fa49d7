package dev.edgesync.edge.api;

import dev.edgesync.access.ApiGate;
import dev.edgesync.access.ApiKeySettings;
import dev.edgesync.access.EndpointTable;
import dev.edgesync.access.KeyRing;
import dev.edgesync.edge.config.ApiConfig;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Turns {@code edge.api.*} into the edge's {@link ApiGate}, and says what is wrong with it, naming each key. */
public final class ApiSettings {

    private ApiSettings() {
    }

    /**
     * @param production true in the production profile, where leaving {@code edge.api.auth} unset is an error: an
     *                   appliance on an untrusted LAN must not start open by omission
     */
    public static List<String> problems(ApiConfig api, boolean production) {
        List<String> p = new ArrayList<>(ApiKeySettings.problems("edge.api", api.auth(), api.keys(), production,
                Scope::parse, "ingest, read or admin"));
        new TreeMap<>(api.keys()).forEach((name, k) -> {
            String key = "edge.api.keys." + name;
            for (String s : k.streams()) {
                if (s.isBlank()) {
                    p.add(key + ".streams has an empty entry: name streams, or use * for all");
                }
            }
            for (String s : k.sources()) {
                SourcePatterns.problem(s).ifPresent(why -> p.add(key + ".sources: " + why));
            }
        });
        return p;
    }

    public static List<EdgeKey> keys(ApiConfig api) {
        List<EdgeKey> keys = new ArrayList<>();
        new TreeMap<>(api.keys()).forEach((name, k) -> {
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            k.scopes().forEach(s -> Scope.parse(s).ifPresent(scopes::add));
            Set<String> streams = k.streams().contains("*") ? Set.of() : Set.copyOf(k.streams());
            keys.add(new EdgeKey(name, k.hash(), scopes, streams, SourcePatterns.of(k.sources())));
        });
        return keys;
    }

    public static ApiGate<EdgeKey, Scope> gate(ApiConfig api) {
        return gate(ApiKeySettings.enabled(api.auth()), keys(api));
    }

    public static ApiGate<EdgeKey, Scope> gate(boolean enabled, List<EdgeKey> keys) {
        return new ApiGate<>(enabled, new KeyRing<>(keys), EdgeEndpoints.table(), ApiSettings::streamRule,
                (scope, method) -> scope.configName());
    }

    /** A key with the ingest scope posts only to its streams. */
    private static Optional<String> streamRule(EdgeKey key, EndpointTable.Match<Scope> match) {
        if (!EdgeEndpoints.POST_EVENTS.equals(match.endpoint().template())) {
            return Optional.empty();
        }
        String stream = match.params().get("stream");
        return key.mayPostTo(stream) ? Optional.empty()
                : Optional.of("key '" + key.name() + "' may not post events to stream '" + stream + "'");
    }
}
