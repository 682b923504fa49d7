package dev.edgesync.edge.buffer;

import dev.edgesync.edge.stream.StreamPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecordAgesTest {

    private static final StreamPartition SP = new StreamPartition("sales", 0);
    private static final long T = 1_700_000_000_000L;
    private static final long HOUR = Duration.ofHours(1).toMillis();

    /** A wall clock that can step and a monotonic clock that only moves forward. */
    private static final class FakeClocks {
        long wall = T;
        long mono = 5_000_000_000L;

        void elapse(long ms) {
            wall += ms;
            mono += ms * 1_000_000;
        }

        void step(long ms) {
            wall += ms;
        }
    }

    @Test
    void aForwardJumpOfHoursDoesNotAgeFreshRecords() {
        FakeClocks c = new FakeClocks();
        RecordAges ages = new RecordAges(() -> c.wall, () -> c.mono);
        ages.observe(Map.of(SP, 0L));
        long fresh = c.wall - 60_000; // appended a minute ago, offset 5
        c.elapse(500);
        ages.observe(Map.of(SP, 6L));
        c.step(3 * HOUR);
        c.elapse(1_000);
        ages.observe(Map.of(SP, 6L));
        assertThat(ages.steps()).isEqualTo(1);
        assertThat(ages.ageMs(SP, 5, fresh)).as("61.5 s, not 3 h").isEqualTo(61_500);
        // Appended after the step, stamped by the stepped clock: aged in the new frame.
        long after = c.wall;
        c.elapse(2_000);
        assertThat(ages.ageMs(SP, 6, after)).isEqualTo(2_000);
        assertThat(ages.ageMs(SP, 5, fresh)).isEqualTo(63_500);
    }

    @Test
    void aBackwardJumpDoesNotKeepOldRecordsForever() {
        FakeClocks c = new FakeClocks();
        RecordAges ages = new RecordAges(() -> c.wall, () -> c.mono);
        ages.observe(Map.of(SP, 0L));
        long old = c.wall; // offset 0
        c.step(-5 * HOUR);
        c.elapse(1_000);
        ages.observe(Map.of(SP, 1L));
        long newer = c.wall; // offset 1, stamped 5 h "earlier" than offset 0
        c.elapse(2 * HOUR);
        assertThat(ages.ageMs(SP, 0, old)).as("its wall age would be -3 h").isEqualTo(2 * HOUR + 1_000);
        assertThat(ages.ageMs(SP, 1, newer)).isEqualTo(2 * HOUR);
    }

    @Test
    void driftWithinTheToleranceIsNoStepAndUnobservedPartitionsUseTheWallClock() {
        FakeClocks c = new FakeClocks();
        RecordAges ages = new RecordAges(() -> c.wall, () -> c.mono);
        assertThat(ages.ageMs(SP, 3, T - 10_000)).isEqualTo(10_000);
        ages.observe(Map.of(SP, 0L));
        c.elapse(60_000);
        c.step(RecordAges.TOLERANCE_MS - 1);
        ages.observe(Map.of(SP, 9L));
        assertThat(ages.steps()).isZero();
        assertThat(ages.ageMs(SP, 3, T - 10_000)).isEqualTo(70_000);
        StreamPartition other = new StreamPartition("stock", 1);
        ages.observe(Map.of(other, 4L));
        assertThat(ages.ageMs(other, 0, T)).as("records from before it was first seen").isEqualTo(60_000);
    }

    @Test
    void pruneKeepsTheFrameCoveringTheLogStart() {
        FakeClocks c = new FakeClocks();
        RecordAges ages = new RecordAges(() -> c.wall, () -> c.mono);
        ages.observe(Map.of(SP, 0L));
        c.step(HOUR);
        ages.observe(Map.of(SP, 10L));
        c.step(HOUR);
        ages.observe(Map.of(SP, 20L));
        ages.prune(Map.of(SP, 15L));
        long ts = c.wall;
        assertThat(ages.ageMs(SP, 16, T + HOUR)).isZero();
        assertThat(ages.ageMs(SP, 25, ts)).isZero();
    }
}
