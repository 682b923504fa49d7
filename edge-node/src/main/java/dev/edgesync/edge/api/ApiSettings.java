package dev.edgesync.edge.api;

import dev.edgesync.access.ApiKeyHash;
import dev.edgesync.edge.config.EdgeConfig;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Turns {@code edge.api.*} into an {@link ApiAccess}, and says what is wrong with it, naming each key. */
public final class ApiSettings {

    static final String API_KEY = "api-key";
    static final String NONE = "none";

    private ApiSettings() {
    }

    /**
     * @param production true in the production profile, where leaving {@code edge.api.auth} unset is an error: an
     *                   appliance on an untrusted LAN must not start open by omission
     */
    public static List<String> problems(EdgeConfig.Api api, boolean production) {
        List<String> p = new ArrayList<>();
        String auth = api.auth().orElse(null);
        if (auth == null) {
            if (production) {
                p.add("edge.api.auth is not set: set edge.api.auth=api-key with at least one"
                        + " edge.api.keys.<name>.hash (see docs/security.md), or edge.api.auth=none to leave the local API"
                        + " open to anyone who can reach the port");
            }
        } else if (!API_KEY.equals(auth) && !NONE.equals(auth)) {
            p.add("edge.api.auth=" + auth + " is not known: use api-key or none");
        } else if (API_KEY.equals(auth) && api.keys().isEmpty()) {
            p.add("edge.api.auth=api-key but no key is configured: add edge.api.keys.<name>.hash=sha256:<hex>"
                    + " (docs/security.md says how to make one)");
        }
        Set<String> hashes = new HashSet<>();
        new TreeMap<>(api.keys()).forEach((name, k) -> {
            String prefix = "edge.api.keys." + name;
            if (!ApiKeyHash.FORMAT.matcher(k.hash()).matches()) {
                // Never echo the value: it may be a key pasted by mistake instead of its hash.
                p.add(prefix + ".hash is not of the form sha256:<64 lower-case hex digits>; configure the key's hash,"
                        + " never the key itself");
            } else if (!hashes.add(k.hash())) {
                p.add(prefix + ".hash is the same as another key's: give each client its own key");
            }
            for (String s : k.scopes()) {
                if (Scope.parse(s).isEmpty()) {
                    p.add(prefix + ".scopes: '" + s + "' is not a scope; use ingest, read or admin");
                }
            }
        });
        return p;
    }

    public static ApiAccess access(EdgeConfig.Api api) {
        List<ApiKey> keys = new ArrayList<>();
        for (Map.Entry<String, EdgeConfig.Api.ApiKey> e : new TreeMap<>(api.keys()).entrySet()) {
            EdgeConfig.Api.ApiKey k = e.getValue();
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            k.scopes().forEach(s -> Scope.parse(s).ifPresent(scopes::add));
            Set<String> streams = k.streams().contains("*") ? Set.of() : Set.copyOf(k.streams());
            keys.add(new ApiKey(e.getKey(), k.hash(), streams, scopes));
        }
        return new ApiAccess(API_KEY.equals(api.auth().orElse(NONE)), keys);
    }
}
