package dev.edgesync.edge.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code GET /v1/status}. Fields are only ever added (the status page and scripts read it).
 *
 * @param buffer          the disk quota and what the local log uses
 * @param sync            the uplink's bandwidth cap and what it put on the wire
 * @param drainEtaSeconds seconds to send the whole backlog at the recent send rate; null when unknown (nothing
 *                        sent in the last 10 s while there is backlog), 0 when there is no backlog
 * @param downlink        messages from the centre: reference tables and settings
 * @param gaps            offsets this box will never ship (expired, dropped, corrupt), as exact ranges
 * @param stateStore      whether this start found the RocksDB state damaged and moved it aside
 */
public record StatusView(Site site, Link link, Map<String, StreamStatus> streams, Buffer buffer, Sync sync,
                         Long drainEtaSeconds, Downlink downlink, Gaps gaps, StateStoreView stateStore) {

    /**
     * @param offsets offsets lost per cause (expired, dropped, corrupt) since the state store began
     * @param ranges  the ranges kept (the last {@code GapLedger.MAX_RANGES}), by stream, partition, cause, offset
     */
    public record Gaps(Map<String, Long> offsets, List<GapView> ranges) {
    }

    /**
     * One range of curated offsets never shipped: [{@code fromOffset}, {@code toOffset}) — to is exclusive.
     *
     * @param count events lost (offsets of the range for corrupt)
     */
    public record GapView(String stream, int partition, long fromOffset, long toOffset, String cause, long count,
                          Instant recordedAt) {
    }

    /**
     * @param state        {@code ok}, or {@code recovered}: this start found it damaged, moved it aside and began empty
     * @param movedAsideTo where the damaged store was kept; null if none
     * @param reason       what was found damaged; null if nothing
     */
    public record StateStoreView(String state, String movedAsideTo, String reason, Instant recoveredAt) {
    }

    public record Site(String id, String region, String cloud) {
    }

    /**
     * @param state up, down, disabled or fenced
     * @param clockSkewMs         this box's clock minus the centre's, from the last heartbeat the centre acknowledged
     *                            (positive: ahead); null until measured
     * @param clockSkewAccuracyMs the true skew is within {@code clockSkewMs} ± this (half the heartbeat's round trip)
     * @param clockSkewMeasuredAt when it was measured, on this box's clock
     */
    public record Link(String state, Instant lastSyncAt, String lastError, String coreBootstrapServers,
                       Long clockSkewMs, Long clockSkewAccuracyMs, Instant clockSkewMeasuredAt) {
    }

    /**
     * Per stream; the lists are indexed by partition.
     *
     * @param backlog               events in curated not yet committed at the centre (exact when
     *                              {@code backlogExact}; see {@link dev.edgesync.edge.buffer.Backlog})
     * @param syncedOffsets         next edge offset committed at the centre per partition; null while unknown
     * @param priority              critical, normal or bulk
     * @param bufferPolicy          reject or drop-oldest
     * @param maxAgeSeconds         the stream's max-age; null = none
     * @param backlogBytes          bytes of the backlog (key + value + headers, uncompressed)
     * @param oldestUnsentAgeSeconds age of the oldest unsent event; null when there is none
     * @param sentPerSecond         events per second committed at the centre, last 10 s
     * @param sentEvents            events committed at the centre since this process started
     * @param expiredEvents         events not sent because older than max-age, since start
     * @param droppedEvents         events deleted unsent by drop-oldest, since start
     * @param rejecting             ingest answers 507 for this stream now (buffer full, policy reject)
     */
    public record StreamStatus(long backlog, List<Long> curatedStartOffsets, List<Long> curatedEndOffsets,
                               List<Long> syncedOffsets, Instant lastSyncAt,
                               String priority, String bufferPolicy, Long maxAgeSeconds, boolean backlogExact,
                               long backlogBytes, Double oldestUnsentAgeSeconds, double sentPerSecond,
                               long sentEvents, long expiredEvents, long droppedEvents, boolean rejecting) {
    }

    /**
     * @param usedBytes bytes the box holds under its data dir: every broker partition (local, internal), its metadata
     *                  log and the RocksDB state (null before the first check)
     * @param maxBytes  {@code edge.buffer.max-bytes}; 0 = no quota
     * @param full      over the high watermark (and not yet back under the low one)
     * @param refusing  why ingest refuses events now: {@code disk-full} (every stream: under the free-space floor),
     *                  {@code quota-full} (reject streams: over the quota); null while it accepts
     * @param disk      the data dir's filesystem (null before the first sample)
     */
    public record Buffer(Long usedBytes, long maxBytes, double highWatermark, double lowWatermark, boolean full,
                         String refusing, Disk disk) {
    }

    /**
     * @param freeBytes     what this process may still write on the data dir's filesystem, as last sampled
     * @param totalBytes    the filesystem's size
     * @param floorBytes    the free-space floor: under it ingest answers 507
     * @param reserveBytes  {@code edge.buffer.reserve-bytes}, the file held back for a restart on a full disk
     * @param reserveHeld   whether the reserve file is in place now
     * @param refusedTotal  requests answered 507 by the floor since start
     * @param dlqEvicted    dlq offsets deleted because space was short, since start
     */
    public record Disk(long freeBytes, long totalBytes, long floorBytes, long reserveBytes, boolean reserveHeld,
                       long refusedTotal, long dlqEvicted) {
    }

    /**
     * @param maxBytesPerSecond the current cap (0 = none); change it with {@code PUT /v1/sync/bandwidth}
     * @param wireBytes         bytes the uplink's producers sent toward the centre since start
     */
    public record Sync(long maxBytesPerSecond, long wireBytes) {
    }

    /**
     * @param state          up, down, failed (the downlink thread ended; restart) or disabled
     * @param messages       per kind, messages {@code applied}, {@code ignored} (for other sites) and {@code rejected},
     *                       over the life of this box's state
     * @param lastAppliedAt  when the last message for this site was applied (since start; null: none yet)
     * @param lastAppliedId  its id
     * @param lastRejected   the last message rejected since start and why (null: none)
     */
    public record Downlink(String state, String lastError, Map<String, Map<String, Long>> messages, Instant lastAppliedAt,
                           String lastAppliedId, Rejected lastRejected) {
    }

    /**
     * A rejected downlink message: skipped, the ones after it applied.
     *
     * @param reason {@code oversized}, {@code malformed}, {@code invalid} or {@code failed}
     * @param detail what was wrong, in words
     */
    public record Rejected(String id, String kind, String topic, int partition, long offset, String reason, String detail,
                           Instant at) {
    }
}
