package dev.edgesync.edge.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * At most one request at a time may be appending a given {@link EventKey}; another one waits for it to
 * finish and then sees the pair in the index (duplicate) or, if that append failed, appends it itself.
 * Callers acquire keys in their natural order, so two requests never wait on each other in a cycle.
 */
final class InFlightGuard {

    private final ConcurrentHashMap<EventKey, CompletableFuture<Void>> holders = new ConcurrentHashMap<>();

    /** Takes {@code key}, waiting for its current holder until {@code deadlineNanos} (System.nanoTime). */
    CompletableFuture<Void> acquire(EventKey key, long deadlineNanos) throws TimeoutException, InterruptedException {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        while (true) {
            CompletableFuture<Void> current = holders.putIfAbsent(key, mine);
            if (current == null) {
                return mine;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("event " + key + " is being appended by another request");
            }
            try {
                current.get(left, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                // The holder's outcome is read from the index, not from here.
            }
        }
    }

    void release(EventKey key, CompletableFuture<Void> held) {
        holders.remove(key, held);
        held.complete(null);
    }

    int size() {
        return holders.size();
    }
}
