package dev.edgesync.edge.sync;

import java.util.function.LongSupplier;

/**
 * Token bucket on the bytes the uplink puts on the wire, with debt: before a round its estimated wire bytes
 * are charged, after it the estimate is corrected with the measured bytes, and the next round waits until the
 * debt is paid. Charging up front lets the round's own duration pay its debt; the bucket holds no credit
 * (capacity 0), so idle time is never spent later as a burst. Over any window longer than a round, wire bytes
 * / elapsed time stay at the cap (within one round's estimate error) while there is backlog and the link is
 * faster than the cap.
 *
 * <p>Thread-safe: the uplink thread charges and waits; the REST API changes the rate at any time, which takes
 * effect on the current wait (debt is re-priced at the new rate).
 */
public final class ByteRateLimiter {

    private final LongSupplier nanos;
    private long rate;
    private double tokens;
    private long last;

    /**
     * @param bytesPerSecond the cap; 0 = none
     * @param nanos          monotonic clock (System::nanoTime, or a fake one in tests)
     */
    public ByteRateLimiter(long bytesPerSecond, LongSupplier nanos) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("negative rate " + bytesPerSecond);
        }
        this.rate = bytesPerSecond;
        this.nanos = nanos;
        this.last = nanos.getAsLong();
    }

    public synchronized long rate() {
        return rate;
    }

    /** Changes the cap (0 = none); debt already incurred is paid at the new rate. */
    public synchronized void setRate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("negative rate " + bytesPerSecond);
        }
        refill();
        rate = bytesPerSecond;
        if (rate == 0) {
            tokens = 0;
        }
        notifyAll();
    }

    /** Charges bytes (negative: refunds an over-estimate; the bucket still never holds credit). */
    public synchronized void record(long bytes) {
        refill();
        if (rate > 0) {
            tokens -= bytes;
        }
    }

    /** How long to wait before sending more; 0 when the debt is paid or there is no cap. */
    public synchronized long delayNanos() {
        refill();
        if (rate == 0 || tokens >= 0) {
            return 0;
        }
        return (long) Math.ceil(-tokens * 1e9 / rate);
    }

    /**
     * Blocks until {@link #delayNanos()} is 0, a rate change allows sending, or {@code stop} says so; waits in
     * slices so a stop is seen within 100 ms.
     */
    public synchronized void await(java.util.function.BooleanSupplier stop) throws InterruptedException {
        long d;
        while ((d = delayNanos()) > 0 && !stop.getAsBoolean()) {
            long slice = Math.min(d, 100_000_000L);
            wait(slice / 1_000_000, (int) (slice % 1_000_000));
        }
    }

    private void refill() {
        long now = nanos.getAsLong();
        if (rate > 0 && tokens < 0) {
            tokens = Math.min(0, tokens + (now - last) * rate / 1e9);
        }
        last = now;
    }
}
