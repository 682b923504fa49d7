package dev.edgesync.access;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Checks an application's {@code <prefix>.auth} and {@code <prefix>.keys.<name>.hash|scopes} settings, the same
 * rules at the edge and at the centre, and reports every problem naming its key (never a key's value).
 */
public final class ApiKeySettings {

    public static final String API_KEY = "api-key";
    public static final String NONE = "none";

    /** The settings of one key, as both applications' configuration mappings give them. */
    public interface KeySetting {
        String hash();

        List<String> scopes();
    }

    private ApiKeySettings() {
    }

    /**
     * @param prefix      e.g. {@code edge.api}
     * @param production  true in the production profile, where an unset {@code auth} is an error: an API must not
     *                    start open by omission
     * @param parseScope  the application's scope names
     * @param scopeNames  the scope names, for the message
     */
    public static <S> List<String> problems(String prefix, Optional<String> auth, Map<String, ? extends KeySetting> keys,
                                            boolean production, Function<String, Optional<S>> parseScope,
                                            String scopeNames) {
        List<String> p = new ArrayList<>();
        String a = auth.orElse(null);
        if (a == null) {
            if (production) {
                p.add(prefix + ".auth is not set: set " + prefix + ".auth=api-key with at least one " + prefix
                        + ".keys.<name>.hash (see docs/security.md), or " + prefix
                        + ".auth=none to leave the API open to anyone who can reach the port");
            }
        } else if (!API_KEY.equals(a) && !NONE.equals(a)) {
            p.add(prefix + ".auth=" + a + " is not known: use api-key or none");
        } else if (API_KEY.equals(a) && keys.isEmpty()) {
            p.add(prefix + ".auth=api-key but no key is configured: add " + prefix
                    + ".keys.<name>.hash=sha256:<hex> (docs/security.md says how to make one)");
        }
        Set<String> hashes = new HashSet<>();
        new TreeMap<String, KeySetting>(keys).forEach((name, k) -> {
            String key = prefix + ".keys." + name;
            if (!ApiKeyHash.FORMAT.matcher(k.hash()).matches()) {
                // Never echo the value: it may be a key pasted by mistake instead of its hash.
                p.add(key + ".hash is not of the form sha256:<64 lower-case hex digits>; configure the key's hash,"
                        + " never the key itself");
            } else if (!hashes.add(k.hash())) {
                p.add(key + ".hash is the same as another key's: give each client its own key");
            }
            for (String s : k.scopes()) {
                if (parseScope.apply(s).isEmpty()) {
                    p.add(key + ".scopes: '" + s + "' is not a scope; use " + scopeNames);
                }
            }
        });
        return p;
    }

    public static boolean enabled(Optional<String> auth) {
        return API_KEY.equals(auth.orElse(NONE));
    }
}
