package dev.edgesync.edge.api;

import dev.edgesync.access.ApiKeyHash;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a request to the local REST API may go on: which scope a method and path need, and whether
 * the presented key (if any) has it. Paths outside {@code /v1/} (the status page's files, {@code /q/health},
 * {@code /q/metrics}) are open, so probes and the page's shell work without a key.
 */
public final class ApiAccess {

    private static final Pattern POST_EVENTS = Pattern.compile("/v1/streams/([^/]+)/events/?");

    /** The outcome; {@code reason} is for the client, never the key. */
    public record Decision(int status, String reason, String keyName) {
        public boolean allowed() {
            return status == 0;
        }
    }

    private final boolean enabled;
    private final List<ApiKey> keys;

    /** @param enabled false for {@code edge.api.auth=none}: everything is allowed */
    public ApiAccess(boolean enabled, List<ApiKey> keys) {
        this.enabled = enabled;
        this.keys = List.copyOf(keys);
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * @param credential the key from {@code Authorization: Bearer ...} or {@code X-Api-Key}, absent if none was sent
     */
    public Decision decide(String method, String path, Optional<String> credential) {
        if (!enabled || !path.startsWith("/v1/")) {
            return new Decision(0, null, null);
        }
        if (credential.isEmpty() || credential.get().isBlank()) {
            return new Decision(401, "this API needs a key: send 'Authorization: Bearer <key>' (or 'X-Api-Key')", null);
        }
        Optional<ApiKey> key = find(credential.get().trim());
        if (key.isEmpty()) {
            return new Decision(401, "the API key is not valid", null);
        }
        ApiKey k = key.get();
        Matcher m = POST_EVENTS.matcher(path);
        if ("POST".equals(method) && m.matches()) {
            return k.mayPostTo(m.group(1)) ? ok(k)
                    : new Decision(403, "key '" + k.name() + "' may not post events to stream '" + m.group(1) + "'", k.name());
        }
        Scope needed = "GET".equals(method) || "HEAD".equals(method) ? Scope.READ : Scope.ADMIN;
        return k.scopes().contains(needed) ? ok(k)
                : new Decision(403, "key '" + k.name() + "' lacks scope '" + needed.configName() + "' for " + method + " " + path,
                k.name());
    }

    private static Decision ok(ApiKey k) {
        return new Decision(0, null, k.name());
    }

    private Optional<ApiKey> find(String presented) {
        byte[] h = ApiKeyHash.of(presented).getBytes(StandardCharsets.US_ASCII);
        ApiKey found = null;
        // Compare with every key in constant time, so response timing says nothing about which hash is near.
        for (ApiKey k : keys) {
            if (MessageDigest.isEqual(h, k.hash().getBytes(StandardCharsets.US_ASCII))) {
                found = k;
            }
        }
        return Optional.ofNullable(found);
    }
}
