package dev.edgesync.edge.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed-size ring of the latest status samples.
 *
 * <p>Invariants: at most {@code capacity} samples are held, the oldest dropped first; {@link #since} returns
 * samples in the order they were added (oldest first), which is time order as long as the sampler's clock
 * does not go back. Thread-safe: one sampler writes, any number of HTTP requests read.
 */
public final class StatusHistory {

    private final StatusSample[] ring;
    private int next;
    private int size;

    public StatusHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.ring = new StatusSample[capacity];
    }

    /** Enough samples to cover {@code window} at one per {@code interval}, plus one for the edge of the window. */
    public static StatusHistory covering(Duration window, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        long n = window.toMillis() / interval.toMillis() + 1;
        return new StatusHistory((int) Math.min(n, 100_000));
    }

    public synchronized void add(StatusSample s) {
        ring[next] = s;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** Samples taken at or after {@code from}, oldest first. */
    public synchronized List<StatusSample> since(Instant from) {
        List<StatusSample> out = new ArrayList<>(size);
        int start = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            StatusSample s = ring[(start + i) % ring.length];
            if (!s.at().isBefore(from)) {
                out.add(s);
            }
        }
        return out;
    }

    public int capacity() {
        return ring.length;
    }
}
