package dev.edgesync.edge.buffer;

import java.time.Instant;
import java.util.Map;

/**
 * The buffer and backlog figures of one moment, taken by {@link BufferMonitor} every check interval and read
 * by status, metrics and heartbeats.
 *
 * @param usedBytes       size of the local log (raw + curated + dlq partitions, as the broker reports); -1 unknown
 * @param maxBytes        the quota; 0 = none
 * @param full            over the high watermark (until back under the low one)
 * @param exact           the curated index has read up to the committed end of every partition: backlog counts
 *                        are exact record counts; false while it catches up after a start
 * @param drainEtaSeconds backlog bytes / recent send rate; -1 when unknown (nothing sent recently), 0 if no backlog
 */
public record PressureSnapshot(Instant takenAt, long usedBytes, long maxBytes, boolean full, boolean exact,
                               long drainEtaSeconds, Map<String, Stream> streams) {

    /**
     * @param backlogEvents      committed curated records not yet committed at the centre
     * @param backlogBytes       their bytes (key + value + headers, uncompressed)
     * @param oldestUnsentAgeMs  age of the oldest of them (its edge append time); -1 when none
     * @param rejecting          ingest answers 507 for this stream now
     */
    public record Stream(String priority, String bufferPolicy, long backlogEvents, long backlogBytes,
                         long oldestUnsentAgeMs, double sentPerSecond, long sent, long expired, long dropped,
                         boolean rejecting) {
    }

    public static PressureSnapshot empty(long maxBytes) {
        return new PressureSnapshot(Instant.EPOCH, -1, maxBytes, false, false, -1, Map.of());
    }
}
