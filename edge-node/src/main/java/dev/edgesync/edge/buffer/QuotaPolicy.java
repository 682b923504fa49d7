package dev.edgesync.edge.buffer;

/**
 * The disk quota's decision, from the measured size of the local log: with hysteresis, the buffer is "full"
 * from the high watermark until usage is back under the low one. While full, {@code reject} streams refuse new
 * events and {@code drop-oldest} streams give up their oldest unsent data to bring usage to the low watermark.
 * Thread-safe.
 */
public final class QuotaPolicy {

    /** What to do now. */
    public record Decision(boolean full, long bytesToFree) {
    }

    private final long maxBytes;
    private final long high;
    private final long low;
    private boolean full;

    /** @param maxBytes 0 = no quota: never full */
    public QuotaPolicy(long maxBytes, double highWatermark, double lowWatermark) {
        this.maxBytes = maxBytes;
        this.high = (long) (maxBytes * highWatermark);
        this.low = (long) (maxBytes * lowWatermark);
    }

    public synchronized Decision evaluate(long usedBytes) {
        if (maxBytes <= 0) {
            full = false;
            return new Decision(false, 0);
        }
        if (usedBytes >= high) {
            full = true;
        } else if (usedBytes <= low) {
            full = false;
        }
        return new Decision(full, full ? Math.max(0, usedBytes - low) : 0);
    }

    public synchronized boolean full() {
        return full;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
