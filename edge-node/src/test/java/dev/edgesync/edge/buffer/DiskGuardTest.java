package dev.edgesync.edge.buffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DiskGuardTest {

    @TempDir
    Path dir;

    @Test
    void refusesNothingBeforeTheFirstSample() {
        DiskGuard guard = new DiskGuard(new DiskFloor(Long.MAX_VALUE, 0), dir.resolve("data"));
        assertThat(guard.refuses(0)).isFalse();
        assertThat(guard.latest()).isEmpty();
        assertThat(guard.floorBytes()).isEqualTo(-1);
    }

    @Test
    void aFloorOverTheFreeSpaceRefusesAndCounts() throws Exception {
        DiskGuard guard = new DiskGuard(new DiskFloor(Long.MAX_VALUE, 0), dir.resolve("data"));
        DiskFloor.Sample s = guard.sample();
        assertThat(Files.isDirectory(dir.resolve("data"))).as("created to be sampled").isTrue();
        assertThat(s.totalBytes()).isPositive();
        assertThat(guard.refusing()).isTrue();
        assertThat(guard.refuses(0)).isTrue();
        assertThat(guard.refuses(0)).isTrue();
        assertThat(guard.refusedTotal()).isEqualTo(2);
    }

    @Test
    void acceptedBytesCountTwiceUntilTheNextSample() throws Exception {
        DiskGuard probe = new DiskGuard(new DiskFloor(0, 0), dir);
        long free = probe.sample().usableBytes();
        // A floor of half the free space: accepting a quarter of it (counted twice) reaches the floor.
        DiskGuard guard = new DiskGuard(new DiskFloor(free / 2, 0), dir);
        guard.sample();
        assertThat(guard.refuses(0)).isFalse();
        guard.accepted(free / 4 + free / 16);
        assertThat(guard.refuses(0)).as("raw now and curated soon, before the next sample").isTrue();
        guard.sample();
        assertThat(guard.refuses(0)).as("a new sample counts what is really on disk").isFalse();
        assertThat(guard.refuses(free)).as("requests in flight count").isTrue();
    }
}
