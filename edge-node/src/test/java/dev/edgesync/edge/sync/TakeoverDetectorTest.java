package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;

import dev.edgesync.protocol.Checkpoint;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TakeoverDetectorTest {

    private final StreamPartition p0 = new StreamPartition("sales", 0);
    private final StreamPartition p1 = new StreamPartition("sales", 1);
    private final TakeoverDetector d = new TakeoverDetector();

    @Test
    void firstLookNeverReportsATakeover() {
        assertThat(d.hasLooked()).isFalse();
        assertThat(d.takenOver(Map.of(p0, cp(p0, 10, 10)))).isEmpty();
    }

    @Test
    void unchangedOrOwnCheckpointsAreNotATakeover() {
        d.observed(p0, cp(p0, 10, 10));
        d.observed(p1, cp(p1, 5, 5));
        assertThat(d.takenOver(Map.of(p0, cp(p0, 10, 10), p1, cp(p1, 5, 5)))).isEmpty();

        // the link failed while committing: the centre may or may not have our attempt
        Checkpoint attempt = cp(p0, 20, 20);
        d.attempting(p0, attempt);
        assertThat(d.takenOver(Map.of(p0, attempt))).isEmpty();
        assertThat(d.takenOver(Map.of(p0, cp(p0, 10, 10)))).isEmpty();
    }

    @Test
    void aCheckpointSomeoneElseCommittedIsATakeover() {
        d.observed(p0, cp(p0, 10, 10));
        d.attempting(p0, cp(p0, 20, 20));
        assertThat(d.takenOver(Map.of(p0, cp(p0, 30, 31)))).hasValueSatisfying(m -> assertThat(m).contains("30"));
    }

    @Test
    void aCommitOfOursBecomesTheNewBaseline() {
        d.observed(p0, cp(p0, 10, 10));
        Checkpoint ours = cp(p0, 20, 20);
        d.attempting(p0, ours);
        d.observed(p0, ours);
        assertThat(d.takenOver(Map.of(p0, ours))).isEmpty();
        assertThat(d.takenOver(Map.of(p0, cp(p0, 40, 40)))).isPresent();
    }

    @Test
    void aCheckpointBehindWhatWeCommittedIsAStaleViewNotATakeover() {
        // after a centre broker crash, our last acknowledged commit may be invisible until its markers are written
        d.observed(p0, cp(p0, 75, 70));
        assertThat(d.takenOver(Map.of(p0, cp(p0, 73, 68)))).isEmpty();
    }

    @Test
    void aMissingCheckpointIsNotATakeover() {
        d.observed(p0, cp(p0, 10, 10));
        Map<StreamPartition, Checkpoint> now = new HashMap<>();
        now.put(p0, null);
        assertThat(d.takenOver(now)).isEmpty();
        assertThat(d.takenOver(Map.of())).isEmpty();
    }

    private static Checkpoint cp(StreamPartition sp, long edge, long core) {
        return new Checkpoint(sp.stream(), sp.partition(), edge, core, 1_000L);
    }
}
