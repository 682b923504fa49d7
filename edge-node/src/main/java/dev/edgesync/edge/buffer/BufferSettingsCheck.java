package dev.edgesync.edge.buffer;

import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.config.StreamConfig;
import dev.edgesync.edge.stream.Priority;

import java.util.ArrayList;
import java.util.List;

/** Checks the disk quota, the free-space floor, the dlq bound and the reserve ({@code edge.buffer.*}) and each stream's buffer policy, each problem naming its key. */
public final class BufferSettingsCheck {

    private BufferSettingsCheck() {
    }

    public static List<String> problems(EdgeConfig c) {
        List<String> p = new ArrayList<>();
        c.streams().forEach((name, s) -> policyProblems(name, s, p));
        var b = c.buffer();
        if (b.maxBytes() < 0) {
            p.add("edge.buffer.max-bytes=" + b.maxBytes() + " must be 0 (no quota) or positive");
        } else if (b.maxBytes() > 0 && b.maxBytes() < minQuotaBytes(c)) {
            p.add("edge.buffer.max-bytes=" + b.maxBytes() + " is below " + minQuotaBytes(c) + " bytes (2 MiB per local"
                    + " partition: raw, curated and dlq of every stream): the log frees disk a whole segment (1 MiB at"
                    + " least) at a time and never its active one, so a smaller quota would fill with data already sent");
        }
        if (!(b.lowWatermark() > 0 && b.lowWatermark() < b.highWatermark() && b.highWatermark() <= 1)) {
            p.add("edge.buffer.low-watermark=" + b.lowWatermark() + " and edge.buffer.high-watermark=" + b.highWatermark()
                    + " must satisfy 0 < low < high <= 1");
        }
        if (b.checkInterval().toMillis() < 100) {
            p.add("edge.buffer.check-interval=" + b.checkInterval() + " must be at least 100ms");
        }
        if (b.minFreeBytes() < 0) {
            p.add("edge.buffer.min-free-bytes=" + b.minFreeBytes() + " must be 0 or positive");
        }
        if (!(b.minFreePercent() >= 0 && b.minFreePercent() < 100)) {
            p.add("edge.buffer.min-free-percent=" + b.minFreePercent() + " must be within 0..100 (exclusive)");
        }
        if (b.dlqMaxBytes() < 0) {
            p.add("edge.buffer.dlq-max-bytes=" + b.dlqMaxBytes() + " must be 0 (bounded by age only) or positive");
        }
        if (b.reserveBytes() < 0) {
            p.add("edge.buffer.reserve-bytes=" + b.reserveBytes() + " must be 0 (none) or positive");
        }
        if (b.retryAfterSeconds() < 1) {
            p.add("edge.buffer.retry-after-seconds=" + b.retryAfterSeconds() + " must be at least 1");
        }
        return p;
    }

    /** The policy must be known, and drop-oldest on a critical stream needs the explicit key (issue #4). */
    private static void policyProblems(String name, StreamConfig s, List<String> p) {
        String key = "edge.streams." + name;
        try {
            BufferPolicy.parse(s.bufferPolicy());
        } catch (IllegalArgumentException e) {
            p.add(key + ".buffer-policy=" + e.getMessage());
        }
        if (Priority.CRITICAL.wireName().equals(s.priority()) && BufferPolicy.DROP_OLDEST.wireName().equals(s.bufferPolicy())
                && !s.allowDropCritical()) {
            p.add(key + ".buffer-policy=drop-oldest on a critical stream would delete critical data unsent: use reject,"
                    + " or set " + key + ".allow-drop-critical=true to accept that");
        }
    }

    /** The smallest quota the log can keep: every local partition's active segment (1 MiB at least) twice over. */
    public static long minQuotaBytes(EdgeConfig c) {
        long localPartitions = 3L * c.streams().values().stream().mapToLong(StreamConfig::partitions).sum();
        return Math.max(8L << 20, localPartitions * (2L << 20));
    }
}
