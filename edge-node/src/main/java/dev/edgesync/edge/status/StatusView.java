package dev.edgesync.edge.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON of {@code GET /v1/status}. */
public record StatusView(Site site, Link link, Map<String, StreamStatus> streams) {

    public record Site(String id, String region, String cloud) {
    }

    /**
     * @param state up, down, disabled or fenced
     */
    public record Link(String state, Instant lastSyncAt, String lastError, String coreBootstrapServers) {
    }

    /**
     * Per stream; the lists are indexed by partition.
     *
     * @param backlog events in curated not yet committed at the centre (see {@link Backlog})
     * @param syncedOffsets next edge offset committed at the centre per partition; null while unknown
     */
    public record StreamStatus(long backlog, List<Long> curatedStartOffsets, List<Long> curatedEndOffsets,
                               List<Long> syncedOffsets, Instant lastSyncAt) {
    }
}
