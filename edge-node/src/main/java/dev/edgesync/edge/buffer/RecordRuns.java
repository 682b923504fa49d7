package dev.edgesync.edge.buffer;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The committed records of one curated partition, as ranges of offsets with their record counts: what makes
 * backlog and drop counts exact, in memory bounded whatever the backlog.
 *
 * <p>Why offsets alone are not enough: curated is written in transactions, so the log also holds one commit
 * marker per pipeline transaction (and, after an abort, the aborted records and an abort marker). Those take
 * offsets but are not events. A read_committed consumer returns exactly the committed records; consecutive
 * offsets between two markers form one run, so a run is about one pipeline transaction.
 *
 * <p>At a low event rate every transaction holds one or two records, so runs are about as many as events: a
 * 10M-event backlog after days offline would be 10M runs, more heap than the box has. So at most
 * {@link #DEFAULT_MAX_RANGES} ranges are kept: when full, neighbouring ranges are merged pairwise, oldest
 * first. A merged range keeps its exact record count and bytes but not where its markers were.
 *
 * <p>Invariants:
 * <ol>
 *   <li>Offsets are added in increasing order; every added offset is a committed record and no other offset
 *       is. Totals ({@code count} and {@code bytes} from the log start) are exact.</li>
 *   <li>A query from an offset inside a range is exact while the range is a single run; inside a merged range
 *       its records are prorated by offset (off by at most the markers in that one range). Byte figures are
 *       prorated within a range.</li>
 *   <li>{@link #pruneBelow(long)} drops whole ranges below the log start; queries below the log start must
 *       not be made (callers clamp to it).</li>
 * </ol>
 * Not thread-safe: callers synchronize.
 */
public final class RecordRuns {

    /** 56 bytes each, arrays at most twice that many: under 250 KB per curated partition. */
    static final int DEFAULT_MAX_RANGES = 2048;

    private final int maxRanges;
    private long[] start = new long[16];
    /** Offsets covered: {@code [start, start + span)}; records in it are {@code count <= span}. */
    private long[] span = new long[16];
    private long[] count = new long[16];
    private long[] bytes = new long[16];
    private long[] firstTimestamp = new long[16];
    /** Records in all ranges before this one since creation (pruning never changes it). */
    private long[] countBefore = new long[16];
    private long[] bytesBefore = new long[16];
    private int head;
    private int size;
    private long indexedEnd = -1;
    /** Records and bytes of the pruned ranges, so a new first range continues the running totals. */
    private long totalCountBefore;
    private long totalBytesBefore;

    public RecordRuns() {
        this(DEFAULT_MAX_RANGES);
    }

    RecordRuns(int maxRanges) {
        if (maxRanges < 2) {
            throw new IllegalArgumentException("maxRanges must be at least 2, was " + maxRanges);
        }
        this.maxRanges = maxRanges;
    }

    /** Adds one committed record (offsets increasing). */
    public void add(long offset, long recordBytes, long timestampMs) {
        if (offset < indexedEnd) {
            throw new IllegalArgumentException("offset " + offset + " below the indexed end " + indexedEnd);
        }
        int last = head + size - 1;
        if (size > 0 && start[last] + span[last] == offset) {
            span[last]++;
            count[last]++;
            bytes[last] += recordBytes;
        } else {
            if (size == maxRanges) {
                mergePairs();
                last = head + size - 1;
            }
            long cBefore = size == 0 ? totalCountBefore : countBefore[last] + count[last];
            long bBefore = size == 0 ? totalBytesBefore : bytesBefore[last] + bytes[last];
            grow();
            int i = head + size;
            start[i] = offset;
            span[i] = 1;
            count[i] = 1;
            bytes[i] = recordBytes;
            firstTimestamp[i] = timestampMs;
            countBefore[i] = cBefore;
            bytesBefore[i] = bBefore;
            size++;
        }
        indexedEnd = offset + 1;
    }

    /** The reader moved past offsets that are not records (markers, aborted data) up to {@code position}. */
    public void advanceTo(long position) {
        indexedEnd = Math.max(indexedEnd, position);
    }

    /** Every offset below this has been read: records are in the index, the rest were not records. */
    public long indexedEnd() {
        return indexedEnd;
    }

    /** Committed records at or above {@code from}, up to {@link #indexedEnd()}. */
    public long count(long from) {
        int i = rangeAtOrAfter(from);
        if (i < 0) {
            return 0;
        }
        int last = head + size - 1;
        return countBefore[last] + count[last] - countBefore[i] - recordsBelow(i, from);
    }

    /** Bytes of the committed records at or above {@code from} (prorated within the first range). */
    public long bytes(long from) {
        int i = rangeAtOrAfter(from);
        if (i < 0) {
            return 0;
        }
        int last = head + size - 1;
        long below = recordsBelow(i, from);
        long partial = below == 0 ? 0 : bytes[i] * below / count[i];
        return bytesBefore[last] + bytes[last] - bytesBefore[i] - partial;
    }

    /** Timestamp of the range holding the first record at or above {@code from} (its first record's). */
    public OptionalLong oldestTimestamp(long from) {
        int i = rangeAtOrAfter(from);
        return i < 0 ? OptionalLong.empty() : OptionalLong.of(firstTimestamp[i]);
    }

    /**
     * The offset to delete below so that about {@code wantedBytes} of records from {@code from} on go, at a
     * record boundary (prorated inside a merged range), never beyond the indexed records; returns
     * {@code from} if there is nothing to take.
     */
    public long cutForBytes(long from, long wantedBytes) {
        int i = rangeAtOrAfter(from);
        if (i < 0 || wantedBytes <= 0) {
            return from;
        }
        long taken = 0;
        int last = head + size - 1;
        for (int r = i; r <= last; r++) {
            long below = r == i ? recordsBelow(r, from) : 0;
            long n = count[r] - below;
            long rangeBytes = bytes[r] * n / count[r];
            if (taken + rangeBytes >= wantedBytes) {
                long perRecord = Math.max(1, bytes[r] / count[r]);
                long records = Math.min(n, (wantedBytes - taken + perRecord - 1) / perRecord);
                return offsetAfter(r, below + records);
            }
            taken += rangeBytes;
        }
        return start[last] + span[last];
    }

    /** Forgets ranges that end at or below {@code logStart}. */
    public void pruneBelow(long logStart) {
        while (size > 0 && start[head] + span[head] <= logStart) {
            totalCountBefore = countBefore[head] + count[head];
            totalBytesBefore = bytesBefore[head] + bytes[head];
            head++;
            size--;
        }
        if (size == 0) {
            head = 0;
        }
    }

    /** Ranges held; never more than the bound given at construction. */
    public int runs() {
        return size;
    }

    /** Records of range {@code i} below {@code from}: exact in a single run, prorated by offset in a merged one. */
    private long recordsBelow(int i, long from) {
        long skipped = from - start[i];
        if (skipped <= 0) {
            return 0;
        }
        if (count[i] == span[i]) {
            return skipped;
        }
        return Math.min(count[i], count[i] * skipped / span[i]);
    }

    /** The offset just after the {@code records}-th record of range {@code r} (prorated in a merged range). */
    private long offsetAfter(int r, long records) {
        if (records >= count[r]) {
            return start[r] + span[r];
        }
        if (count[r] == span[r]) {
            return start[r] + records;
        }
        // Rounded up so that at least that many records are below the cut (recordsBelow rounds down).
        return start[r] + Math.min(span[r], (records * span[r] + count[r] - 1) / count[r]);
    }

    /** Halves the ranges held by merging neighbours; totals stay exact, positions inside merged ranges blur. */
    private void mergePairs() {
        int out = head;
        for (int a = head; a < head + size; a += 2) {
            int b = a + 1;
            start[out] = start[a];
            countBefore[out] = countBefore[a];
            bytesBefore[out] = bytesBefore[a];
            firstTimestamp[out] = firstTimestamp[a];
            if (b < head + size) {
                span[out] = start[b] + span[b] - start[a];
                count[out] = count[a] + count[b];
                bytes[out] = bytes[a] + bytes[b];
            } else {
                span[out] = span[a];
                count[out] = count[a];
                bytes[out] = bytes[a];
            }
            out++;
        }
        size = out - head;
    }

    /** Index (into the arrays) of the range holding {@code from} or the first range after it; -1 if none. */
    private int rangeAtOrAfter(long from) {
        int lo = head;
        int hi = head + size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (start[mid] + span[mid] > from) {
                found = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return found;
    }

    private void grow() {
        if (head + size < start.length) {
            return;
        }
        if (head > 0 && size <= start.length / 2) {
            // Reuse the pruned front instead of growing.
            for (long[] a : new long[][] {start, span, count, bytes, firstTimestamp, countBefore, bytesBefore}) {
                System.arraycopy(a, head, a, 0, size);
            }
            head = 0;
            return;
        }
        int n = start.length * 2;
        start = Arrays.copyOf(start, n);
        span = Arrays.copyOf(span, n);
        count = Arrays.copyOf(count, n);
        bytes = Arrays.copyOf(bytes, n);
        firstTimestamp = Arrays.copyOf(firstTimestamp, n);
        countBefore = Arrays.copyOf(countBefore, n);
        bytesBefore = Arrays.copyOf(bytesBefore, n);
    }
}
