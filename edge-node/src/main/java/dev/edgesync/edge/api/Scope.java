package dev.edgesync.edge.api;

import java.util.Locale;
import java.util.Optional;

/** What an API key may do on the local REST API. */
public enum Scope {
    /** Post events ({@code POST /v1/streams/{stream}/events}) to the key's streams. */
    INGEST,
    /** Read status, streams, history and reference data ({@code GET /v1/...}), metrics, health details, OpenAPI. */
    READ,
    /** Change settings at runtime (e.g. {@code PUT /v1/sync/bandwidth}). */
    ADMIN;

    public static Optional<Scope> parse(String s) {
        try {
            return Optional.of(valueOf(s.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
