package dev.edgesync.access;

import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Decides, before anything reads the body, whether a request may reach its endpoint: deny by default, decided on
 * the endpoint the router will reach. In order: a path with more than one spelling is 400; a public endpoint goes
 * on; no key or an unknown key is 401 (whatever the path, so a caller without a key learns nothing about which
 * paths exist); a path no endpoint matches is 404; a key without the endpoint's scope, or refused by the
 * application's own rule, is 403; a body of a media type the endpoint does not take is 415.
 *
 * @param <K> the application's key type
 * @param <S> the application's scope type
 */
public final class ApiGate<K extends NamedKey<S>, S> {

    /** An application's own refusal for a key that has the scope (e.g. a stream the key may not post to). */
    @FunctionalInterface
    public interface Rule<K, S> {
        Optional<String> refusal(K key, EndpointTable.Match<S> match);
    }

    private final boolean enabled;
    private final KeyRing<K> keys;
    private final EndpointTable<S> table;
    private final Rule<K, S> rule;
    private final BiFunction<S, String, String> scopeName;

    /**
     * @param enabled   false for {@code auth=none}: keys are not asked for, but paths and media types are still checked
     * @param scopeName how a scope is named in a refusal (its configuration name), given the scope and the method
     */
    public ApiGate(boolean enabled, KeyRing<K> keys, EndpointTable<S> table, Rule<K, S> rule,
                   BiFunction<S, String, String> scopeName) {
        this.enabled = enabled;
        this.keys = keys;
        this.table = table;
        this.rule = rule;
        this.scopeName = scopeName;
    }

    public boolean enabled() {
        return enabled;
    }

    public EndpointTable<S> table() {
        return table;
    }

    /**
     * @param rawPath     the request target's path, undecoded, without the query
     * @param credential  the presented key ({@code Authorization: Bearer ...} or {@code X-Api-Key}), if any
     * @param contentType the request's {@code Content-Type}, if any
     */
    public AccessDecision<K, S> decide(String method, String rawPath, Optional<String> credential,
                                       Optional<String> contentType) {
        Optional<String> bad = CanonicalPath.problem(rawPath);
        if (bad.isPresent()) {
            return AccessDecision.refuse(400, "Bad path", bad.get(), null, null);
        }
        Optional<EndpointTable.Match<S>> match = table.match(method, rawPath);
        if (match.isPresent() && match.get().endpoint().isPublic()) {
            return AccessDecision.allow(null, match.get());
        }
        K key = null;
        if (enabled) {
            if (credential.isEmpty() || credential.get().isBlank()) {
                return AccessDecision.refuse(401, "Unauthenticated",
                        "this API needs a key: send 'Authorization: Bearer <key>' (or 'X-Api-Key')", null, null);
            }
            Optional<K> found = keys.find(credential.get().trim());
            if (found.isEmpty()) {
                return AccessDecision.refuse(401, "Unauthenticated", "the API key is not valid", null, null);
            }
            key = found.get();
        }
        if (match.isEmpty()) {
            if (!enabled) {
                // Open API: the router answers for paths it does not know.
                return new AccessDecision<>(AccessDecision.ALLOWED, null, null, null, null, java.util.Map.of());
            }
            return AccessDecision.refuse(404, "Not found", "no endpoint " + method + " " + rawPath, key, null);
        }
        Endpoint<S> e = match.get().endpoint();
        if (enabled) {
            if (!key.scopes().contains(e.scope())) {
                return AccessDecision.refuse(403, "Forbidden", "key '" + key.name() + "' lacks scope '"
                        + scopeName.apply(e.scope(), method) + "' for " + method + " " + e.template(), key, e);
            }
            Optional<String> refusal = rule.refusal(key, match.get());
            if (refusal.isPresent()) {
                return AccessDecision.refuse(403, "Forbidden", refusal.get(), key, e);
            }
        }
        if (!e.mediaTypes().isEmpty()) {
            String type = contentType.map(ApiGate::mediaType).orElse("");
            if (!e.mediaTypes().contains(type)) {
                return AccessDecision.refuse(415, "Unsupported media type", method + " " + e.template() + " takes "
                        + String.join(" or ", new java.util.TreeSet<>(e.mediaTypes()))
                        + (type.isEmpty() ? ", and the request has no Content-Type" : ", not " + type), key, e);
            }
        }
        return AccessDecision.allow(key, match.get());
    }

    /** The media type of a Content-Type value, without parameters, lower case. */
    static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
