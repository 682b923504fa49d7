package dev.edgesync.edge.sync;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-stream totals since this process started: events (and bytes) committed at the centre and expired (older
 * than the stream's max-age, skipped by the uplink); plus the recent send rate. Written by the uplink, read by
 * status, metrics and heartbeats (what drop-oldest deleted is counted by the buffer's
 * {@link dev.edgesync.edge.buffer.DropCounts}).
 *
 * <p>Counts are taken after the fact they count is final: after the transaction that covers them committed
 * (its checkpoint moves past them, so a resume never counts them again).
 */
public final class SyncCounters {

    /** Totals of one stream. */
    public static final class Stream {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong sentBytes = new AtomicLong();
        final AtomicLong expired = new AtomicLong();
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

    /** Bytes the uplink put on the wire toward the centre (producer network bytes), total. */
    public long wireBytes() {
        return wireBytes.get();
    }

    void wire(long bytes) {
        wireBytes.addAndGet(bytes);
    }
}
