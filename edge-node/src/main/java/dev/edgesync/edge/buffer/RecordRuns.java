package dev.edgesync.edge.buffer;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The committed records of one curated partition, as runs of consecutive offsets: what makes backlog and
 * drop counts exact.
 *
 * <p>Why offsets alone are not enough: curated is written in transactions, so the log also holds one commit
 * marker per pipeline transaction (and, after an abort, the aborted records and an abort marker). Those take
 * offsets but are not events. A read_committed consumer returns exactly the committed records; consecutive
 * offsets between two markers form one run, so a run is about one pipeline transaction.
 *
 * <p>Invariants:
 * <ol>
 *   <li>Offsets are added in increasing order; every added offset is a committed record and no other offset
 *       is: {@link #count(long)} is the exact number of committed records at or above an offset, as far as
 *       added ({@link #indexedEnd()}).</li>
 *   <li>Byte figures within a run are prorated (a run keeps its total, not each record's size); counts and
 *       offsets are exact.</li>
 *   <li>{@link #pruneBelow(long)} drops whole runs below the log start; queries below the log start must not
 *       be made (callers clamp to it).</li>
 * </ol>
 * Not thread-safe: callers synchronize.
 */
public final class RecordRuns {

    private long[] start = new long[16];
    private int[] length = new int[16];
    private long[] bytes = new long[16];
    private long[] firstTimestamp = new long[16];
    /** Records in all runs before this one since creation (pruning never changes it). */
    private long[] countBefore = new long[16];
    private long[] bytesBefore = new long[16];
    private int head;
    private int size;
    private long indexedEnd = -1;
    /** Records and bytes of the pruned runs, so a new first run continues the running totals. */
    private long totalCountBefore;
    private long totalBytesBefore;

    /** Adds one committed record (offsets increasing). */
    public void add(long offset, long recordBytes, long timestampMs) {
        if (offset < indexedEnd) {
            throw new IllegalArgumentException("offset " + offset + " below the indexed end " + indexedEnd);
        }
        int last = head + size - 1;
        if (size > 0 && start[last] + length[last] == offset && length[last] < Integer.MAX_VALUE) {
            length[last]++;
            bytes[last] += recordBytes;
        } else {
            long cBefore = size == 0 ? totalCountBefore : countBefore[last] + length[last];
            long bBefore = size == 0 ? totalBytesBefore : bytesBefore[last] + bytes[last];
            grow();
            int i = head + size;
            start[i] = offset;
            length[i] = 1;
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
        int i = runAtOrAfter(from);
        if (i < 0) {
            return 0;
        }
        long total = countBefore[head + size - 1] + length[head + size - 1];
        long below = countBefore[i] + Math.max(0, from - start[i]);
        return total - below;
    }

    /** Bytes of the committed records at or above {@code from} (prorated within the first run). */
    public long bytes(long from) {
        int i = runAtOrAfter(from);
        if (i < 0) {
            return 0;
        }
        long total = bytesBefore[head + size - 1] + bytes[head + size - 1];
        long skipped = Math.max(0, from - start[i]);
        long below = bytesBefore[i] + (skipped == 0 ? 0 : bytes[i] * skipped / length[i]);
        return total - below;
    }

    /** Timestamp of the run holding the first record at or above {@code from} (its first record's). */
    public OptionalLong oldestTimestamp(long from) {
        int i = runAtOrAfter(from);
        return i < 0 ? OptionalLong.empty() : OptionalLong.of(firstTimestamp[i]);
    }

    /**
     * The offset to delete below so that about {@code wantedBytes} of records from {@code from} on go, at a
     * record boundary, never beyond the indexed records; returns {@code from} if there is nothing to take.
     */
    public long cutForBytes(long from, long wantedBytes) {
        int i = runAtOrAfter(from);
        if (i < 0 || wantedBytes <= 0) {
            return from;
        }
        long taken = 0;
        long pos = Math.max(from, start[i]);
        int lastRun = head + size - 1;
        for (int r = i; r <= lastRun; r++) {
            long first = Math.max(pos, start[r]);
            long n = start[r] + length[r] - first;
            long runBytes = bytes[r] * n / length[r];
            if (taken + runBytes >= wantedBytes) {
                long perRecord = Math.max(1, bytes[r] / length[r]);
                long records = Math.min(n, (wantedBytes - taken + perRecord - 1) / perRecord);
                return first + records;
            }
            taken += runBytes;
            pos = start[r] + length[r];
        }
        return start[lastRun] + length[lastRun];
    }

    /** Forgets runs that end at or below {@code logStart}. */
    public void pruneBelow(long logStart) {
        while (size > 0 && start[head] + length[head] <= logStart) {
            totalCountBefore = countBefore[head] + length[head];
            totalBytesBefore = bytesBefore[head] + bytes[head];
            head++;
            size--;
        }
        if (size == 0) {
            head = 0;
        }
    }

    /** Runs held (memory is about 44 bytes per run). */
    public int runs() {
        return size;
    }

    /** Index (into the arrays) of the run holding {@code from} or the first run after it; -1 if none. */
    private int runAtOrAfter(long from) {
        int lo = head;
        int hi = head + size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (start[mid] + length[mid] > from) {
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
            System.arraycopy(start, head, start, 0, size);
            System.arraycopy(length, head, length, 0, size);
            System.arraycopy(bytes, head, bytes, 0, size);
            System.arraycopy(firstTimestamp, head, firstTimestamp, 0, size);
            System.arraycopy(countBefore, head, countBefore, 0, size);
            System.arraycopy(bytesBefore, head, bytesBefore, 0, size);
            head = 0;
            return;
        }
        int n = start.length * 2;
        start = Arrays.copyOf(start, n);
        length = Arrays.copyOf(length, n);
        bytes = Arrays.copyOf(bytes, n);
        firstTimestamp = Arrays.copyOf(firstTimestamp, n);
        countBefore = Arrays.copyOf(countBefore, n);
        bytesBefore = Arrays.copyOf(bytesBefore, n);
    }
}
