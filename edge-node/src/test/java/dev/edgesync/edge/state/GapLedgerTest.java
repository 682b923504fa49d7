package dev.edgesync.edge.state;

import dev.edgesync.protocol.GapRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class GapLedgerTest {

    @TempDir
    Path dir;

    @Test
    void mergesTouchingRangesCountsNewOffsetsOnceAndSurvivesReopen() {
        try (StateStore s = StateStore.open(dir, StateFamilies.all(Duration.ofHours(1)))) {
            GapLedger g = new GapLedger(() -> s);
            g.record(new GapRange("sales", 0, 10, 20, GapRange.DROPPED, 9));
            g.record(new GapRange("sales", 0, 20, 25, GapRange.DROPPED, 5)); // touches: merged
            g.record(new GapRange("sales", 0, 12, 18, GapRange.DROPPED, 6)); // already covered: not counted again
            g.record(new GapRange("sales", 1, 20, 25, GapRange.DROPPED, 5)); // another partition
            g.record(new GapRange("sales", 0, 40, 42, GapRange.CORRUPT, 2));
            g.record(new GapRange("sales", 0, 40, 42, GapRange.CORRUPT, 2)); // found again after a restart
            assertThat(g.all()).extracting(GapLedger.Entry::range).containsExactly(
                    new GapRange("sales", 0, 40, 42, GapRange.CORRUPT, 2),
                    new GapRange("sales", 0, 10, 25, GapRange.DROPPED, 14),
                    new GapRange("sales", 1, 20, 25, GapRange.DROPPED, 5));
            assertThat(g.offsets(GapRange.DROPPED)).isEqualTo(20);
            assertThat(g.offsets(GapRange.CORRUPT)).isEqualTo(2);
            assertThat(g.recent(1)).hasSize(1);
        }
        try (StateStore s = StateStore.open(dir, StateFamilies.all(Duration.ofHours(1)))) {
            GapLedger g = new GapLedger(() -> s);
            assertThat(g.all()).hasSize(3);
            assertThat(g.offsets(GapRange.DROPPED)).isEqualTo(20);
            assertThat(g.offsets(GapRange.EXPIRED)).isZero();
        }
    }

    @Test
    void keepsAtMostMaxRangesButKeepsCountingTheirOffsets() {
        try (StateStore s = StateStore.open(dir, StateFamilies.all(Duration.ofHours(1)))) {
            GapLedger g = new GapLedger(() -> s);
            for (int i = 0; i < GapLedger.MAX_RANGES + 3; i++) {
                g.record(new GapRange("t", 0, i * 10L, i * 10L + 2, GapRange.EXPIRED, 2));
            }
            assertThat(g.all()).hasSize(GapLedger.MAX_RANGES);
            assertThat(g.offsets(GapRange.EXPIRED)).isEqualTo(2L * (GapLedger.MAX_RANGES + 3));
        }
    }

    @Test
    void aDamagedManifestIsTakenForDamageAndMovedAside() throws Exception {
        Path state = dir.resolve("state");
        try (StateStore s = StateStore.open(state, StateFamilies.all(Duration.ofHours(1)))) {
            s.put(StateFamilies.GAPS, new byte[]{1}, new byte[]{2});
        }
        Path manifest;
        try (Stream<Path> files = Files.list(state)) {
            manifest = files.filter(f -> f.getFileName().toString().startsWith("MANIFEST-")).findFirst().orElseThrow();
        }
        flipMiddle(manifest);
        Throwable failure = null;
        try (StateStore s = StateStore.open(state, StateFamilies.all(Duration.ofHours(1)))) {
            s.verifyChecksums();
        } catch (RuntimeException e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        assertThat(StateDamage.isDamage(failure)).as(String.valueOf(failure)).isTrue();
        Path aside = StateDamage.moveAside(state, Instant.parse("2026-01-02T03:04:05.006Z"));
        assertThat(aside.getFileName().toString()).isEqualTo("state.damaged-20260102T030405.006Z");
        assertThat(aside.resolve(manifest.getFileName())).exists();
        assertThat(state).doesNotExist();
    }

    static void flipMiddle(Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 2;
            for (long i = at; i < Math.min(f.length(), at + 8); i++) {
                f.seek(i);
                int v = f.read();
                f.seek(i);
                f.write(v ^ 0xFF);
            }
        }
    }
}
