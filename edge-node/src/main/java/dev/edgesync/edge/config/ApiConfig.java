package dev.edgesync.edge.config;

import dev.edgesync.access.ApiKeySettings;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Access to the local REST API: every {@code /v1} and {@code /q} endpoint but liveness and readiness needs a key
 * with the endpoint's scope; the status page's files stay open (docs/security.md).
 */
public interface ApiConfig {
    /**
     * {@code api-key}: every endpoint but the public ones needs one of {@link #keys()}; {@code none}: open to
     * anyone who can reach the port. Must be set explicitly in the production profile.
     */
    Optional<String> auth();

    /** API keys by name (the name only shows in logs); only a hash of each key is configured. */
    Map<String, ApiKey> keys();

    /** One API key: its hash and what it may do. */
    interface ApiKey extends ApiKeySettings.KeySetting {
        /** {@code sha256:<64 hex digits>} of the key as sent by clients. */
        @Override
        String hash();

        /** Streams it may post events to; {@code *} for all. */
        @WithDefault("*")
        List<String> streams();

        /**
         * CloudEvents {@code source} values it may post, as patterns where {@code *} matches any run of
         * characters; {@code *} for all. Keeps one till from taking another's (source, id) pairs in the dedup index.
         */
        @WithDefault("*")
        List<String> sources();

        /** {@code ingest} (post events), {@code read} (GET /v1/..., /q/metrics, ...), {@code admin} (change settings). */
        @Override
        @WithDefault("ingest")
        List<String> scopes();
    }
}
