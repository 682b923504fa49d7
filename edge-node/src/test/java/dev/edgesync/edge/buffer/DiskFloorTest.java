package dev.edgesync.edge.buffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DiskFloorTest {

    private static final long MIB = 1L << 20;
    private final DiskFloor floor = new DiskFloor(256 * MIB, 1);

    @Test
    void theFloorIsTheLargerOfBytesAndPercent() {
        assertThat(floor.floor(10_000 * MIB)).as("1% of 10000 MiB is 100 MiB").isEqualTo(256 * MIB);
        assertThat(floor.floor(100_000 * MIB)).isEqualTo(1_000 * MIB);
        assertThat(new DiskFloor(0, 0).floor(100 * MIB)).isZero();
    }

    @Test
    void refusesUnderTheFloorCountingWhatIsPending() {
        DiskFloor.Sample s = new DiskFloor.Sample(300 * MIB, 10_000 * MIB);
        assertThat(floor.refuses(s, 0)).isFalse();
        assertThat(floor.refuses(s, 44 * MIB)).isFalse();
        assertThat(floor.refuses(s, 44 * MIB + 1)).as("what requests in flight may still write counts").isTrue();
        assertThat(floor.refuses(new DiskFloor.Sample(256 * MIB - 1, 10_000 * MIB), 0)).isTrue();
        assertThat(floor.refuses(new DiskFloor.Sample(256 * MIB, 10_000 * MIB), -5)).as("never negative").isFalse();
    }

    @Test
    void shortUnderTheFloorCriticalUnderHalfOfIt() {
        long total = 10_000 * MIB;
        assertThat(floor.isShort(new DiskFloor.Sample(256 * MIB, total))).isFalse();
        assertThat(floor.isShort(new DiskFloor.Sample(255 * MIB, total))).isTrue();
        assertThat(floor.critical(new DiskFloor.Sample(129 * MIB, total))).isFalse();
        assertThat(floor.critical(new DiskFloor.Sample(127 * MIB, total))).isTrue();
    }

    @Test
    void resumesOnlyASixteenthOverTheFloor() {
        long total = 10_000 * MIB;
        assertThat(floor.resumes(new DiskFloor.Sample(256 * MIB + 16 * MIB - 1, total))).isFalse();
        assertThat(floor.resumes(new DiskFloor.Sample(256 * MIB + 16 * MIB, total))).isTrue();
    }

    @Test
    void theReserveIsKeptOnlyWithRoomForItTwiceOverTheFloor() {
        long total = 10_000 * MIB;
        assertThat(floor.mayKeepReserve(new DiskFloor.Sample(384 * MIB, total), 64 * MIB)).isTrue();
        assertThat(floor.mayKeepReserve(new DiskFloor.Sample(384 * MIB - 1, total), 64 * MIB))
                .as("writing it would bring ingest near its floor").isFalse();
        assertThat(floor.mayKeepReserve(new DiskFloor.Sample(total, total), 0)).as("no reserve configured").isFalse();
    }

    @Test
    void aReserveWrittenLeavesSpaceOverTheFloorAndIsNotReleasedRightAway() {
        long total = 10_000 * MIB;
        long reserve = 64 * MIB;
        DiskFloor.Sample before = new DiskFloor.Sample(floor.floor(total) + 2 * reserve, total);
        assertThat(floor.mayKeepReserve(before, reserve)).isTrue();
        DiskFloor.Sample after = new DiskFloor.Sample(before.usableBytes() - reserve, total);
        assertThat(floor.refuses(after, 0)).isFalse();
        assertThat(floor.critical(after)).isFalse();
    }
}
