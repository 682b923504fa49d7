package dev.edgesync.edge.buffer;

import dev.edgesync.edge.stream.Priority;
import dev.edgesync.edge.stream.StreamPartition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaPolicyTest {

    @Test
    void fullFromTheHighWatermarkUntilBackUnderTheLowOne() {
        QuotaPolicy q = new QuotaPolicy(1_000, 0.9, 0.8);
        assertThat(q.evaluate(850)).isEqualTo(new QuotaPolicy.Decision(false, 0));
        assertThat(q.evaluate(950)).isEqualTo(new QuotaPolicy.Decision(true, 150));
        assertThat(q.evaluate(850)).isEqualTo(new QuotaPolicy.Decision(true, 50));
        assertThat(q.evaluate(800)).isEqualTo(new QuotaPolicy.Decision(false, 0));
        assertThat(new QuotaPolicy(0, 0.9, 0.8).evaluate(Long.MAX_VALUE).full()).isFalse();
    }

    @Test
    void evictionTakesBulkFirstAndOnlyUnsentRecordsOfTheGivenPartitions() {
        RecordRuns bulk = runs(0, 100, 100);
        RecordRuns normal = runs(0, 100, 100);
        StreamPartition b = new StreamPartition("telemetry", 0);
        StreamPartition n = new StreamPartition("sales", 0);
        List<EvictionPlanner.Cut> cuts = EvictionPlanner.plan(List.of(
                new EvictionPlanner.Candidate(n, Priority.NORMAL, 0, normal),
                new EvictionPlanner.Candidate(b, Priority.BULK, 40, bulk)), 7_000);
        // Bulk holds 60 unsent records (6_000 bytes) from offset 40: all go, then 10 of normal.
        assertThat(cuts).containsExactly(
                new EvictionPlanner.Cut(b, 40, 100, 60, 6_000),
                new EvictionPlanner.Cut(n, 0, 10, 10, 1_000));
    }

    private static RecordRuns runs(long from, int n, long bytes) {
        RecordRuns r = new RecordRuns();
        for (int i = 0; i < n; i++) {
            r.add(from + i, bytes, 0);
        }
        return r;
    }
}
