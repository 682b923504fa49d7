package dev.edgesync.edge.sync;

import dev.edgesync.edge.buffer.RateMeter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-stream totals since this process started: events (and bytes) committed at the centre, expired (older
 * than the stream's max-age, skipped by the uplink) and dropped (deleted unsent by the drop-oldest policy);
 * plus the recent send rate. Written by the uplink and the quota, read by status, metrics and heartbeats.
 *
 * <p>Counts are taken after the fact they count is final: sent and expired after the transaction that
 * covers them committed (its checkpoint moves past them, so a resume never counts them again), dropped after
 * deleteRecords succeeded.
 */
public final class SyncCounters {

    /** Totals of one stream. */
    public static final class Stream {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong sentBytes = new AtomicLong();
        final AtomicLong expired = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong droppedBytes = new AtomicLong();
        final RateMeter sentRate = new RateMeter(10, System::nanoTime);
        final RateMeter sentBytesRate = new RateMeter(10, System::nanoTime);

        public long sent() {
            return sent.get();
        }

        public long sentBytes() {
            return sentBytes.get();
        }

        public long expired() {
            return expired.get();
        }

        public long dropped() {
            return dropped.get();
        }

        public long droppedBytes() {
            return droppedBytes.get();
        }

        /** Events per second committed at the centre over the last 10 s. */
        public double sentPerSecond() {
            return sentRate.perSecond();
        }

        /** Record bytes per second committed at the centre over the last 10 s. */
        public double sentBytesPerSecond() {
            return sentBytesRate.perSecond();
        }
    }

    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final AtomicLong wireBytes = new AtomicLong();

    public Stream stream(String name) {
        return streams.computeIfAbsent(name, k -> new Stream());
    }

    public void sent(String stream, long events, long bytes) {
        Stream s = stream(stream);
        s.sent.addAndGet(events);
        s.sentBytes.addAndGet(bytes);
        s.sentRate.add(events);
        s.sentBytesRate.add(bytes);
    }

    public void expired(String stream, long events) {
        stream(stream).expired.addAndGet(events);
    }

    public void dropped(String stream, long events, long bytes) {
        Stream s = stream(stream);
        s.dropped.addAndGet(events);
        s.droppedBytes.addAndGet(bytes);
    }

    /** Bytes the uplink put on the wire toward the centre (producer network bytes), total. */
    public long wireBytes() {
        return wireBytes.get();
    }

    void wire(long bytes) {
        wireBytes.addAndGet(bytes);
    }
}
