package dev.edgesync.edge.buffer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per stream, the events (and bytes) deleted unsent by the drop-oldest policy since this process started;
 * counted after deleteRecords succeeded. Thread-safe.
 */
public final class DropCounts {

    private final Map<String, AtomicLongArray> streams = new ConcurrentHashMap<>();

    void dropped(String stream, long events, long bytes) {
        AtomicLongArray a = of(stream);
        a.addAndGet(0, events);
        a.addAndGet(1, bytes);
    }

    public long events(String stream) {
        return of(stream).get(0);
    }

    public long bytes(String stream) {
        return of(stream).get(1);
    }

    private AtomicLongArray of(String stream) {
        return streams.computeIfAbsent(stream, k -> new AtomicLongArray(2));
    }
}
