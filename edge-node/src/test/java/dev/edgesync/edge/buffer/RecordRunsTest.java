package dev.edgesync.edge.buffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordRunsTest {

    /** Curated as the pipeline writes it: transactions of {@code n} records, each followed by a commit marker. */
    private static RecordRuns transactions(int txns, int n, long recordBytes) {
        RecordRuns r = new RecordRuns();
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
}
