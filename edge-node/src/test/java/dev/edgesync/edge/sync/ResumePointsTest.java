package dev.edgesync.edge.sync;

import dev.edgesync.edge.stream.StreamPartition;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResumePointsTest {

    private static final StreamPartition SP = new StreamPartition("sales", 1);

    @Test
    void nothingAtTheCentreStartsAtTheLocalLogStart() {
        var r = ResumePoints.resume(SP, OptionalLong.empty(), OptionalLong.empty(), 0, 100);
        assertThat(r.offset()).isZero();
        assertThat(r.warning()).isEmpty();
    }

    @Test
    void checkpointAndTailAgreeResumesAtTheCheckpoint() {
        var r = ResumePoints.resume(SP, OptionalLong.of(51), OptionalLong.of(49), 0, 100);
        assertThat(r.offset()).isEqualTo(51);
        assertThat(r.warning()).isEmpty();
    }

    @Test
    void tailBeyondTheCheckpointWinsWithAWarning() {
        var r = ResumePoints.resume(SP, OptionalLong.of(40), OptionalLong.of(59), 0, 100);
        assertThat(r.offset()).isEqualTo(60);
        assertThat(r.warning()).hasValueSatisfying(w -> assertThat(w).contains("beyond the checkpoint"));
    }

    @Test
    void tailWithoutCheckpointResumesAfterTheTail() {
        var r = ResumePoints.resume(SP, OptionalLong.empty(), OptionalLong.of(9), 0, 100);
        assertThat(r.offset()).isEqualTo(10);
    }

    @Test
    void landingTruncatedAtTheCentreKeepsTheCheckpoint() {
        assertThat(ResumePoints.centreNext(OptionalLong.of(80), OptionalLong.empty())).isEqualTo(80);
    }

    @Test
    void belowTheLocalLogStartResumesAtTheStartAndReportsTheGap() {
        var r = ResumePoints.resume(SP, OptionalLong.of(10), OptionalLong.empty(), 25, 100);
        assertThat(r.offset()).isEqualTo(25);
        assertThat(r.warning()).hasValueSatisfying(w -> assertThat(w).contains("10..24"));
    }

    @Test
    void centreAheadOfTheLocalLogIsAnError() {
        assertThatThrownBy(() -> ResumePoints.resume(SP, OptionalLong.of(500), OptionalLong.empty(), 0, 100))
                .isInstanceOf(UplinkException.class)
                .hasMessageContaining("sales/1").hasMessageContaining("edge.site.id");
    }

    @Test
    void resumeAtTheLocalEndIsFine() {
        assertThat(ResumePoints.resume(SP, OptionalLong.of(100), OptionalLong.of(98), 0, 100).offset()).isEqualTo(100);
    }

    @Test
    void aCheckpointOfAnotherLogIsIgnoredAndThisLogShipsFromItsStart() {
        java.util.UUID old = java.util.UUID.randomUUID();
        java.util.UUID mine = java.util.UUID.randomUUID();
        // The replaced box had shipped up to 500; this box's new log already holds 600 records: all unsent.
        var r = ResumePoints.resume(SP, java.util.Optional.of(old), mine, OptionalLong.of(500), OptionalLong.of(499), 0, 600);
        assertThat(r.offset()).isZero();
        assertThat(r.warning()).hasValueSatisfying(w -> assertThat(w).contains("another log").contains(old.toString()));
        // The same log, or a checkpoint from before logs were named, resumes at the centre's offset as before.
        assertThat(ResumePoints.resume(SP, java.util.Optional.of(mine), mine, OptionalLong.of(500), OptionalLong.of(499), 0, 600)
                .offset()).isEqualTo(500);
        assertThat(ResumePoints.resume(SP, java.util.Optional.empty(), mine, OptionalLong.of(500), OptionalLong.of(499), 0, 600)
                .offset()).isEqualTo(500);
    }
}
