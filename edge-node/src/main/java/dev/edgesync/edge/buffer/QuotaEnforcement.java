package dev.edgesync.edge.buffer;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Decides, at each check, what the disk quota demands: whether the buffer counts as full (so {@code reject}
 * streams refuse events) and how many bytes {@code drop-oldest} streams must give up now. Plain decisions, no
 * I/O. Not thread-safe: the monitor's one thread calls it.
 *
 * <p>Two rules on top of the {@link QuotaPolicy}'s watermarks:
 * <ul>
 *   <li>After an eviction, no other one until the {@code cooldown} has passed: the broker deletes segments
 *       below a new log start only at its retention check, so the measured size lags behind.</li>
 *   <li>Over the watermark with nothing left to ship, the buffer does not count as full: what is used then is
 *       the log's active segments and the dlq, which no sending can free, and refusing would stall ingest for
 *       good.</li>
 * </ul>
 */
public final class QuotaEnforcement {

    private static final Logger LOG = Logger.getLogger(QuotaEnforcement.class);

    /** What to do now: {@code bytesToFree} is 0 when there is nothing to evict or eviction is cooling down. */
    public record Decision(boolean full, long bytesToFree) {
    }

    private final QuotaPolicy quota;
    private final Map<String, BufferPolicy> policies;
    private final Duration cooldown;
    private final LongSupplier nanos;
    private long evictionAllowedAt;
    private boolean overWithNothingToShip;

    public QuotaEnforcement(QuotaPolicy quota, Map<String, BufferPolicy> policies, Duration cooldown, LongSupplier nanos) {
        this.quota = quota;
        this.policies = Map.copyOf(policies);
        this.cooldown = cooldown;
        this.nanos = nanos;
        this.evictionAllowedAt = nanos.getAsLong();
    }

    /** The decision for a measured size of {@code usedBytes}. */
    public Decision check(long usedBytes) {
        QuotaPolicy.Decision d = quota.evaluate(usedBytes);
        boolean mayEvict = nanos.getAsLong() - evictionAllowedAt >= 0;
        return new Decision(d.full(), d.bytesToFree() > 0 && mayEvict ? d.bytesToFree() : 0);
    }

    /** Some records were evicted: the next eviction waits for the cooldown. */
    public void evicted() {
        evictionAllowedAt = nanos.getAsLong() + cooldown.toNanos();
    }

    /**
     * Whether the buffer counts as full, given the watermark's verdict and whether anything is left to ship
     * ({@code nothingToShip} only when the backlog is known exactly to be empty).
     */
    public boolean full(boolean overWatermark, boolean nothingToShip, long usedBytes) {
        boolean over = overWatermark && nothingToShip;
        if (over && !overWithNothingToShip) {
            LOG.warnf("The local log uses %d of edge.buffer.max-bytes=%d bytes with nothing left to send (active"
                    + " segments and dead letters that sending cannot free); accepting events anyway. Raise"
                    + " edge.buffer.max-bytes", usedBytes, quota.maxBytes());
        }
        overWithNothingToShip = over;
        return overWatermark && !nothingToShip;
    }

    /** True while the buffer is over its watermark with nothing left to ship (the case {@link #full} lets pass). */
    public boolean overWithNothingToShip() {
        return overWithNothingToShip;
    }

    /** True while ingest must refuse events of {@code stream}: the buffer is full and the stream's policy is reject. */
    public static boolean rejects(boolean full, BufferPolicy policy) {
        return full && policy == BufferPolicy.REJECT;
    }

    public BufferPolicy policy(String stream) {
        return policies.get(stream);
    }

    public long maxBytes() {
        return quota.maxBytes();
    }
}
