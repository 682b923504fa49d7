package dev.edgesync.access;

import java.util.Map;
import java.util.Optional;

/**
 * The gate's answer for one request: go on (with the key that was presented, if any, and the matched endpoint),
 * or the HTTP status and reason to refuse it with. The reason is for the caller and never holds a secret.
 */
public record AccessDecision<K, S>(int status, String title, String reason, K key, Endpoint<S> endpoint,
                                   Map<String, String> params) {

    static final int ALLOWED = 0;

    public boolean allowed() {
        return status == ALLOWED;
    }

    public Optional<K> presentedKey() {
        return Optional.ofNullable(key);
    }

    static <K, S> AccessDecision<K, S> allow(K key, EndpointTable.Match<S> m) {
        return new AccessDecision<>(ALLOWED, null, null, key, m.endpoint(), m.params());
    }

    static <K, S> AccessDecision<K, S> refuse(int status, String title, String reason, K key, Endpoint<S> endpoint) {
        return new AccessDecision<>(status, title, reason, key, endpoint, Map.of());
    }

    /** The problem type for the refusal, e.g. {@code urn:edgesync:problem:forbidden}. */
    public String problemType() {
        return "urn:edgesync:problem:" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }
}
