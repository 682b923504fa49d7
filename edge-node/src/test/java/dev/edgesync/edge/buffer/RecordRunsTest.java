package dev.edgesync.edge.buffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordRunsTest {

    /** Curated as the pipeline writes it: transactions of {@code n} records, each followed by a commit marker. */
    private static RecordRuns transactions(int txns, int n, long recordBytes) {
        return transactions(new RecordRuns(), txns, n, recordBytes);
    }

    private static RecordRuns transactions(RecordRuns r, int txns, int n, long recordBytes) {
        long offset = 0;
        for (int t = 0; t < txns; t++) {
            for (int i = 0; i < n; i++) {
                r.add(offset, recordBytes, 1_000L * t);
                offset++;
            }
            offset++; // the marker
            r.advanceTo(offset);
        }
        return r;
    }

    @Test
    void countsRecordsNotOffsets() {
        RecordRuns r = transactions(10, 5, 100);
        assertThat(r.indexedEnd()).isEqualTo(60);
        assertThat(r.count(0)).isEqualTo(50);
        // Offset 6 is the first record of the second transaction (0-4 records, 5 marker).
        assertThat(r.count(6)).isEqualTo(45);
        assertThat(r.count(5)).isEqualTo(45);
        assertThat(r.count(8)).isEqualTo(43);
        assertThat(r.count(60)).isZero();
        assertThat(r.bytes(8)).isEqualTo(4_300);
        assertThat(r.oldestTimestamp(8)).hasValue(1_000);
        assertThat(r.oldestTimestamp(60)).isEmpty();
    }

    @Test
    void pruningKeepsCountsOfWhatRemains() {
        RecordRuns r = transactions(1_000, 3, 10);
        r.pruneBelow(2_000);
        assertThat(r.runs()).isEqualTo(500);
        assertThat(r.count(2_000)).isEqualTo(1_500);
        r.add(4_000, 10, 0);
        assertThat(r.count(2_000)).isEqualTo(1_501);
        assertThat(r.count(3_999)).isEqualTo(1);
    }

    @Test
    void cutForBytesStopsAtARecordBoundaryWithinTheIndex() {
        RecordRuns r = transactions(4, 10, 100);
        // From offset 0: 1_050 bytes is 10.5 records: cut after 11 records, i.e. offset 12 (marker at 10).
        long cut = r.cutForBytes(0, 1_050);
        assertThat(r.count(0) - r.count(cut)).isEqualTo(11);
        assertThat(r.cutForBytes(0, 1_000_000)).isEqualTo(r.indexedEnd() - 1);
        assertThat(r.cutForBytes(5, 0)).isEqualTo(5);
    }

    @Test
    void aBacklogOfOneRecordTransactionsStaysWithinTheBoundAndItsTotalsExact() {
        // Days offline at a low rate: one record per pipeline transaction, so as many runs as events.
        RecordRuns r = transactions(new RecordRuns(64), 100_000, 1, 10);
        assertThat(r.runs()).isLessThanOrEqualTo(64);
        assertThat(r.count(0)).isEqualTo(100_000);
        assertThat(r.bytes(0)).isEqualTo(1_000_000);
        assertThat(r.count(r.indexedEnd())).isZero();
        // Inside merged ranges positions are prorated: record k sits at offset 2k, markers in between.
        for (long k : new long[] {1, 777, 50_000, 99_998}) {
            assertThat(r.count(2 * k)).isBetween(100_000 - k - 1, 100_000 - k + 1);
        }
        // The newest records still count exactly.
        assertThat(r.count(2 * 99_999)).isEqualTo(1);
    }

    @Test
    void mergedRangesKeepCountsMonotonicAndCutsWithinTheIndex() {
        java.util.Random random = new java.util.Random(42);
        RecordRuns r = new RecordRuns(16);
        long offset = 0;
        for (int t = 0; t < 5_000; t++) {
            int n = 1 + random.nextInt(5);
            for (int i = 0; i < n; i++) {
                r.add(offset++, 100, t);
            }
            offset += 1 + random.nextInt(3); // a marker, sometimes an aborted batch and its marker
            r.advanceTo(offset);
        }
        assertThat(r.runs()).isLessThanOrEqualTo(16);
        long previous = r.count(0);
        long previousBytes = r.bytes(0);
        for (long x = 0; x <= r.indexedEnd(); x += 7) {
            long c = r.count(x);
            long b = r.bytes(x);
            assertThat(c).isLessThanOrEqualTo(previous).isNotNegative();
            assertThat(b).isLessThanOrEqualTo(previousBytes).isNotNegative();
            previous = c;
            previousBytes = b;
        }
        long from = 1_000;
        long cut = r.cutForBytes(from, 50_000);
        assertThat(cut).isGreaterThan(from).isLessThanOrEqualTo(r.indexedEnd());
        // At least the 500 records asked for go (rounded up inside a merged range, never fewer).
        assertThat(r.count(from) - r.count(cut)).isBetween(500L, 520L);
        long remaining = r.count(cut);
        r.pruneBelow(cut);
        assertThat(r.count(cut)).isEqualTo(remaining);
    }
}
