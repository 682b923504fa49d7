package dev.edgesync.edge.buffer;

import dev.edgesync.edge.stream.StreamPartition;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the drop-oldest eviction and the uplink from counting the same record twice (as dropped and as sent).
 *
 * <p>Invariants:
 * <ol>
 *   <li>The uplink holds the gate from the start of a round until its transactions are committed or failed;
 *       an eviction holds it while it reads the committed positions, marks what it deletes and deletes it. So an
 *       eviction never cuts into records of an open transaction, and only cuts above committed checkpoints.</li>
 *   <li>Before a round the uplink discards the records it holds in memory below {@link #evictedBelow}: they
 *       were counted as dropped and are not sent.</li>
 * </ol>
 */
public final class EvictionGate {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<StreamPartition, Long> evictedBelow = new ConcurrentHashMap<>();

    /** Waits at most {@code timeoutMs}; false if the gate could not be taken. */
    public boolean tryLock(long timeoutMs) throws InterruptedException {
        return lock.tryLock(timeoutMs, TimeUnit.MILLISECONDS);
    }

    public void lock() {
        lock.lock();
    }

    public void unlock() {
        lock.unlock();
    }

    /** Records of {@code sp} below {@code offset} are deleted (or about to be): never send them. Holder of the gate only. */
    public void markEvicted(StreamPartition sp, long offset) {
        evictedBelow.merge(sp, offset, Math::max);
    }

    public long evictedBelow(StreamPartition sp) {
        return evictedBelow.getOrDefault(sp, -1L);
    }
}
