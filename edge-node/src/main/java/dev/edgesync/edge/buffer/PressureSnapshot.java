package dev.edgesync.edge.buffer;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The buffer and backlog figures of one moment, taken by {@link BufferMonitor} every check interval and read
 * by status, metrics and heartbeats.
 *
 * @param usedBytes       bytes the box holds under its data dir (see DiskUsage: every broker partition, its
 *                        metadata log, RocksDB); -1 unknown
 * @param maxBytes        the quota; 0 = none
 * @param full            over the high watermark (until back under the low one)
 * @param exact           the curated index has read up to the committed end of every partition: backlog counts
 *                        are exact record counts; false while it catches up after a start
 * @param drainEtaSeconds backlog bytes / recent send rate; -1 when unknown (nothing sent recently), 0 if no backlog
 */
public record PressureSnapshot(Instant takenAt, long usedBytes, long maxBytes, boolean full, boolean exact,
                               long drainEtaSeconds, Map<String, Stream> streams) {

    /**
     * @param backlogEvents      committed curated records not yet committed at the centre (see {@link Backlog})
     * @param backlogBytes       their bytes (key + value + headers, uncompressed)
     * @param oldestUnsentAgeMs  age of the oldest of them (its edge append time); -1 when none
     * @param dropped            events deleted unsent by drop-oldest since start
     * @param rejecting          ingest answers 507 for this stream now
     */
    public record Stream(String priority, String bufferPolicy, long backlogEvents, long backlogBytes,
                         long oldestUnsentAgeMs, long dropped, boolean rejecting) {
    }

    public static PressureSnapshot empty(long maxBytes) {
        return new PressureSnapshot(Instant.EPOCH, -1, maxBytes, false, false, -1, Map.of());
    }

    /** Sums the backlog of each stream's partitions into a snapshot. */
    static final class Builder {

        private final Instant takenAt;
        private final long usedBytes;
        private final long maxBytes;
        private final boolean exact;
        private final Map<String, Sums> streams = new TreeMap<>();

        private static final class Sums {
            String priority;
            String bufferPolicy;
            BufferPolicy policy;
            long dropped;
            long events;
            long bytes;
            long oldest = Long.MAX_VALUE;
        }

        Builder(Instant takenAt, long usedBytes, long maxBytes, boolean exact) {
            this.takenAt = takenAt;
            this.usedBytes = usedBytes;
            this.maxBytes = maxBytes;
            this.exact = exact;
        }

        void stream(String name, String priority, String bufferPolicy, BufferPolicy policy, long dropped) {
            Sums s = streams.computeIfAbsent(name, k -> new Sums());
            s.priority = priority;
            s.bufferPolicy = bufferPolicy;
            s.policy = policy;
            s.dropped = dropped;
        }

        void add(String stream, Backlog.Unsent u) {
            Sums s = streams.get(stream);
            s.events += u.events();
            s.bytes += u.bytes();
            if (u.oldestTimestampMs().isPresent()) {
                s.oldest = Math.min(s.oldest, u.oldestTimestampMs().getAsLong());
            }
        }

        /** No stream has anything left to ship. */
        boolean nothingToShip() {
            return streams.values().stream().allMatch(s -> s.events == 0);
        }

        PressureSnapshot build(boolean full, double sentBytesPerSecond) {
            long now = takenAt.toEpochMilli();
            Map<String, Stream> out = new TreeMap<>();
            long totalBytes = 0;
            for (var e : streams.entrySet()) {
                Sums s = e.getValue();
                totalBytes += s.bytes;
                out.put(e.getKey(), new Stream(s.priority, s.bufferPolicy, s.events, s.bytes,
                        s.oldest == Long.MAX_VALUE ? -1 : Math.max(0, now - s.oldest), s.dropped,
                        QuotaEnforcement.rejects(full, s.policy)));
            }
            return new PressureSnapshot(takenAt, usedBytes, maxBytes, full, exact,
                    Backlog.drainEtaSeconds(totalBytes, sentBytesPerSecond), out);
        }
    }
}
