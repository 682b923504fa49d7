package dev.edgesync.edge.status;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class BacklogTest {

    @Test
    void unknownProgressCountsEverythingStillOnTheBox() {
        assertThat(Backlog.of(100, 250, OptionalLong.empty())).isEqualTo(150);
    }

    @Test
    void shippedPositionAboveTheLogStartCountsFromThere() {
        assertThat(Backlog.of(100, 250, OptionalLong.of(200))).isEqualTo(50);
    }

    @Test
    void shippedBelowTheLogStartNeverCountsFreedRecords() {
        assertThat(Backlog.of(100, 250, OptionalLong.of(40))).isEqualTo(150);
    }

    @Test
    void fullyShippedIsZeroAndNeverNegative() {
        assertThat(Backlog.of(0, 250, OptionalLong.of(250))).isZero();
        assertThat(Backlog.of(300, 250, OptionalLong.of(260))).isZero();
    }
}
