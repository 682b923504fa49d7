package dev.edgesync.edge.sync;

import java.util.function.LongSupplier;

/** Events (or bytes) per second over the last few seconds, in one-second buckets. Thread-safe. */
public final class RateMeter {

    private final LongSupplier nanos;
    private final long[] buckets;
    private long currentSecond;
    private final long createdSecond;

    public RateMeter(int windowSeconds, LongSupplier nanos) {
        this.nanos = nanos;
        this.buckets = new long[windowSeconds + 1];
        this.currentSecond = Math.floorDiv(nanos.getAsLong(), 1_000_000_000L);
        this.createdSecond = currentSecond;
    }

    public synchronized void add(long n) {
        roll();
        buckets[slot(currentSecond)] += n;
    }

    /** Average per second over the completed seconds of the window (the current second is not counted). */
    public synchronized double perSecond() {
        roll();
        int window = buckets.length - 1;
        long seconds = Math.min(window, currentSecond - createdSecond);
        if (seconds <= 0) {
            return 0;
        }
        long sum = 0;
        for (int i = 1; i <= seconds; i++) {
            sum += buckets[slot(currentSecond - i)];
        }
        return (double) sum / seconds;
    }

    private int slot(long second) {
        return (int) Math.floorMod(second, (long) buckets.length);
    }

    private void roll() {
        long now = Math.floorDiv(nanos.getAsLong(), 1_000_000_000L);
        if (now - currentSecond >= buckets.length) {
            java.util.Arrays.fill(buckets, 0);
        } else {
            for (long s = currentSecond + 1; s <= now; s++) {
                buckets[slot(s)] = 0;
            }
        }
        currentSecond = Math.max(currentSecond, now);
    }
}
