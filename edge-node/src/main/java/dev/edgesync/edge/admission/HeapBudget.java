package dev.edgesync.edge.admission;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed number of heap bytes shared by the requests being read, parsed and appended at once.
 *
 * <p>Invariants:
 * <ol>
 *   <li>{@link #inUse()} never exceeds {@link #capacity()}: a reservation that would pass it is refused, never
 *       queued (the client is told to come back later).</li>
 *   <li>Every granted reservation gives its bytes back exactly once, when its last holder lets go: the HTTP
 *       exchange ({@link Reservation#exchangeEnded()}, idempotent) and any work that {@link Reservation#join() joined}
 *       it and then {@link Reservation#leave() left}.</li>
 *   <li>Work cannot join a reservation whose bytes are already back: it learns the exchange is over and stops.</li>
 * </ol>
 */
public final class HeapBudget {

    private final long capacity;
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicInteger held = new AtomicInteger();

    public HeapBudget(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Takes {@code bytes} if they fit in what is left, else empty; a reservation larger than the capacity never fits. */
    public Optional<Reservation> tryReserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        long now;
        do {
            now = inUse.get();
            if (bytes > capacity - now) {
                return Optional.empty();
            }
        } while (!inUse.compareAndSet(now, now + bytes));
        held.incrementAndGet();
        return Optional.of(new Reservation(bytes));
    }

    public long capacity() {
        return capacity;
    }

    /** Bytes reserved now. */
    public long inUse() {
        return inUse.get();
    }

    /** Reservations not yet given back. */
    public int reservations() {
        return held.get();
    }

    private void giveBack(long bytes) {
        held.decrementAndGet();
        inUse.addAndGet(-bytes);
    }

    /** Bytes held for one request; see the invariants of {@link HeapBudget}. */
    public final class Reservation {

        private final long bytes;
        /** The exchange plus every joined piece of work; 0 once the bytes are back. */
        private final AtomicInteger holders = new AtomicInteger(1);
        private final AtomicBoolean exchangeEnded = new AtomicBoolean();

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        public long bytes() {
            return bytes;
        }

        /** The response ended or the connection closed (errors, resets, timeouts): safe to call any number of times. */
        public void exchangeEnded() {
            if (exchangeEnded.compareAndSet(false, true)) {
                drop();
            }
        }

        /**
         * Holds the bytes for work that may outlive the exchange (parsing and appending the body); false when the
         * bytes are already back, i.e. the exchange is over and nobody waits for the work. Pair with {@link #leave()}.
         */
        public boolean join() {
            int h;
            do {
                h = holders.get();
                if (h == 0) {
                    return false;
                }
            } while (!holders.compareAndSet(h, h + 1));
            return true;
        }

        /** Ends a successful {@link #join()}. */
        public void leave() {
            drop();
        }

        /** Whether {@link #exchangeEnded()} was called. */
        public boolean exchangeOver() {
            return exchangeEnded.get();
        }

        /** Whether the bytes are back in the budget. */
        public boolean released() {
            return holders.get() == 0;
        }

        private void drop() {
            int left = holders.decrementAndGet();
            if (left == 0) {
                giveBack(bytes);
            } else if (left < 0) {
                throw new IllegalStateException("reservation released more often than held");
            }
        }
    }
}
