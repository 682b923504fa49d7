package dev.edgesync.edge.buffer;

import dev.edgesync.edge.stream.StreamPartition;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * Ages of curated records that a step of the wall clock does not change: what {@code max-age} expires by.
 *
 * <p>A record's timestamp is the wall clock at its append. Its age is measured in the <em>frame</em> it was stamped
 * in: a frame is a (wall, monotonic) reading pair, and the age of a record stamped {@code ts} in frame {@code f} is
 * {@code (f.wall - ts) + (monotonic now - f.monotonic)}, i.e. elapsed monotonic time, not the wall clock's now. The
 * curated index reads every partition as it is appended and calls {@link #observe} after each read; when the wall
 * clock stepped (it moved more than {@link #TOLERANCE_MS} away from what the monotonic clock says), a new frame
 * starts at each partition's read position, so records appended after the step are aged in the new frame.
 *
 * <p>So a forward jump of hours does not expire fresh data, and a backward jump does not keep old data: both age by
 * the monotonic clock. Limits: records appended in the moment between a step and the next read (at most one poll,
 * 0.5 s) are aged in the old frame; a step while the process is down cannot be seen, records from before a start
 * are aged by the wall clock at start.
 */
public final class RecordAges {

    private static final Logger LOG = Logger.getLogger(RecordAges.class);
    /** A difference up to this between the wall clock and the monotonic one is drift or slew, not a step. */
    public static final long TOLERANCE_MS = 2_000;

    private record Frame(long wallMs, long monoNanos) {
        long wallAt(long monoNanos) {
            return wallMs + (monoNanos - this.monoNanos) / 1_000_000;
        }
    }

    private final LongSupplier wallMs;
    private final LongSupplier monoNanos;
    private final Map<StreamPartition, ConcurrentSkipListMap<Long, Frame>> frames = new ConcurrentHashMap<>();
    private volatile Frame current;
    private volatile long steps;

    public RecordAges(LongSupplier wallMs, LongSupplier monoNanos) {
        this.wallMs = wallMs;
        this.monoNanos = monoNanos;
    }

    /** Ages by the system clocks. */
    public static RecordAges system() {
        return new RecordAges(System::currentTimeMillis, System::nanoTime);
    }

    /**
     * Compares the wall clock with the monotonic one; on a step (or at the first call) a new frame starts at each
     * given position (the next offset to be appended or read, per partition).
     */
    public synchronized void observe(Map<StreamPartition, Long> positions) {
        long mono = monoNanos.getAsLong();
        long wall = wallMs.getAsLong();
        Frame f = current;
        boolean first = f == null;
        if (!first && Math.abs(wall - f.wallAt(mono)) <= TOLERANCE_MS) {
            positions.forEach((sp, pos) -> frames.computeIfAbsent(sp, k -> {
                ConcurrentSkipListMap<Long, Frame> m = new ConcurrentSkipListMap<>();
                m.put(Long.MIN_VALUE, f);
                return m;
            }));
            return;
        }
        Frame now = new Frame(wall, mono);
        if (!first) {
            steps++;
            LOG.warnf("The wall clock stepped by %+d ms; max-age keeps counting by the monotonic clock",
                    wall - f.wallAt(mono));
        }
        current = now;
        positions.forEach((sp, pos) -> frames.computeIfAbsent(sp, k -> new ConcurrentSkipListMap<>())
                .put(first ? Long.MIN_VALUE : pos, now));
    }

    /** How many wall clock steps were seen since start. */
    public long steps() {
        return steps;
    }

    /** Age in ms of the record at {@code offset} of {@code sp} stamped {@code timestampMs}; may be negative. */
    public long ageMs(StreamPartition sp, long offset, long timestampMs) {
        ConcurrentSkipListMap<Long, Frame> m = frames.get(sp);
        Map.Entry<Long, Frame> e = m == null ? null : m.floorEntry(offset);
        if (e == null) {
            // Not observed yet: nothing better than the wall clock.
            return wallMs.getAsLong() - timestampMs;
        }
        return e.getValue().wallAt(monoNanos.getAsLong()) - timestampMs;
    }

    /** Forgets frames wholly below the log starts (freed or evicted), keeping the one that covers each start. */
    public void prune(Map<StreamPartition, Long> logStarts) {
        logStarts.forEach((sp, start) -> {
            ConcurrentSkipListMap<Long, Frame> m = frames.get(sp);
            Long floor = m == null ? null : m.floorKey(start);
            if (floor != null) {
                m.headMap(floor).clear();
            }
        });
    }
}
